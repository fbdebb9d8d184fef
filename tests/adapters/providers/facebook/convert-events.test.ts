import { describe, expect, it } from 'vitest';
import { eventsOf, fromPage, fromPerson, PAGE_ID, PSID, webhook } from './fixtures.ts';

// @see https://developers.facebook.com/docs/messenger-platform/reference/webhook-events
const OUR_ID = '01900000-0000-7000-8000-0000000000e1';

describe('facebook converter: echoes, postbacks, receipts, edits, batches', () => {
  it('turns an echo of our message into an echo naming our id, to the person it went to', () => {
    const [event] = eventsOf(webhook(fromPage({ message: { is_echo: true, app_id: 1517776481860111, metadata: OUR_ID, mid: 'm_echo-1', text: 'Hello from support' } })));
    expect(event).toEqual({
      kind: 'echo', source: PAGE_ID,
      echo: {
        externalId: 'm_echo-1', ourMessageId: OUR_ID, contactExternalId: PSID, type: 'text', text: 'Hello from support',
        sentAt: new Date(1457764197627), attachments: [], metadata: { appId: '1517776481860111' },
      },
    });
  });

  it('turns an echo from the Page Inbox (no or foreign metadata) into an echo of a message sent elsewhere', () => {
    const [inbox] = eventsOf(webhook(fromPage({ message: { is_echo: true, mid: 'm_echo-2', attachments: [{ type: 'image', payload: { url: 'https://cdn.example/x.jpg' } }] } })));
    expect(inbox).toMatchObject({ kind: 'echo', echo: { ourMessageId: undefined, contactExternalId: PSID, type: 'image', attachments: [{ type: 'image', sourceRef: 'https://cdn.example/x.jpg' }] } });
    const [other] = eventsOf(webhook(fromPage({ message: { is_echo: true, mid: 'm_echo-3', metadata: 'DEVELOPER_DEFINED', text: 'bot' } })));
    expect(other).toMatchObject({ kind: 'echo', echo: { ourMessageId: undefined, metadata: { metadata: 'DEVELOPER_DEFINED' } } });
  });

  it('turns a postback into a postback message: the title as text, the payload in metadata, keyed by its mid', () => {
    const [event] = eventsOf(webhook(fromPerson({ postback: { mid: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM', title: 'Get Started', payload: 'GET_STARTED', referral: { ref: 'ad-1', source: 'ADS', type: 'OPEN_THREAD' } } })));
    expect(event).toEqual({
      kind: 'message', source: PAGE_ID,
      message: {
        idempotencyKey: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM', externalId: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM', sender: { externalId: PSID }, type: 'postback',
        text: 'Get Started', sentAt: new Date(1458692752478), attachments: [], metadata: { payload: 'GET_STARTED', referral: { ref: 'ad-1', source: 'ADS', type: 'OPEN_THREAD' } },
      },
    });
  });

  it('keys a postback without mid by sender, time and payload: a redelivery is the same key, another tap another', () => {
    const key = (payload: string, timestamp = 1) => {
      const [event] = eventsOf(webhook(fromPerson({ postback: { title: 'Yes', payload } }, timestamp)));
      return event?.kind === 'message' ? event.message.idempotencyKey : undefined;
    };
    expect(key('YES')).toBe(key('YES'));
    expect(key('YES')).toMatch(/^postback:[0-9a-f]{64}$/);
    expect(new Set([key('YES'), key('NO'), key('YES', 2)]).size).toBe(3);
  });

  it('turns delivery and read receipts into watermarks of the person, with the mids a delivery names', () => {
    const events = eventsOf(webhook(
      { sender: { id: PSID }, recipient: { id: PAGE_ID }, delivery: { mids: ['mid.1458668856218:ed81099e15d3f4f233'], watermark: 1458668856253 } },
      fromPerson({ delivery: { watermark: 1458668856300 } }),
      fromPerson({ read: { watermark: 1458668856400 } }),
    ));
    expect(events).toEqual([
      { kind: 'watermark', source: PAGE_ID, watermark: { contactExternalId: PSID, status: 'delivered', upTo: new Date(1458668856253), externalIds: ['mid.1458668856218:ed81099e15d3f4f233'] } },
      { kind: 'watermark', source: PAGE_ID, watermark: { contactExternalId: PSID, status: 'delivered', upTo: new Date(1458668856300), externalIds: undefined } },
      { kind: 'watermark', source: PAGE_ID, watermark: { contactExternalId: PSID, status: 'read', upTo: new Date(1458668856400), externalIds: undefined } },
    ]);
  });

  it('turns a message edit into an edit of the message with that mid', () => {
    const [event] = eventsOf(webhook(fromPerson({ message_edit: { mid: 'm_orig', text: 'fixed typo', num_edit: 1 } }, 1458668856463)));
    expect(event).toMatchObject({ kind: 'edit', source: PAGE_ID, edit: { idempotencyKey: 'm_orig', text: 'fixed typo', editedAt: new Date(1458668856463), message: { idempotencyKey: 'm_orig', type: 'text', text: 'fixed typo' } } });
  });

  it.each([
    ['reaction', { reaction: { reaction: 'love', emoji: '\u2764\uFE0F', action: 'react', mid: 'm_1' } }],
    ['referral', { referral: { ref: 'r', source: 'SHORTLINK', type: 'OPEN_THREAD' } }],
    ['optin', { optin: { type: 'notification_messages', payload: 'p', notification_messages_token: 't' } }],
    ['pass_thread_control', { pass_thread_control: { new_owner_app_id: '123', metadata: 'm' } }],
    ['take_thread_control', { take_thread_control: { previous_owner_app_id: '123', metadata: 'm' } }],
    ['request_thread_control', { request_thread_control: { requested_owner_app_id: 123, metadata: 'm' } }],
    ['account_linking', { account_linking: { status: 'unlinked' } }],
  ])('ignores a %s event (200, nothing stored), never refuses it', (kind, fields) => {
    expect(eventsOf(webhook(fromPerson(fields)))).toEqual([{ kind: 'ignored', source: PAGE_ID, reason: `${kind} events are not handled` }]);
  });

  it('ignores app_roles, policy enforcement and standby events, which have no person to store', () => {
    const body = {
      object: 'page',
      entry: [
        { id: PAGE_ID, time: 1, messaging: [{ recipient: { id: PAGE_ID }, timestamp: 1, app_roles: { '123': ['primary_receiver'] } }, { recipient: { id: PAGE_ID }, timestamp: 1, 'policy-enforcement': { action: 'block', reason: 'r' } }] },
        { id: PAGE_ID, time: 1, standby: [fromPerson({ message: { mid: 'm_s', text: 'to the inbox' } })] },
      ],
    };
    expect(eventsOf(body).map((e) => e.kind)).toEqual(['ignored', 'ignored', 'ignored']);
  });

  it('converts a batch of several entries (Pages) and events each, in order, each with its Page as source', () => {
    const other = '110000000000001';
    const body = {
      object: 'page',
      entry: [
        { id: PAGE_ID, time: 1, messaging: [fromPerson({ message: { mid: 'm_a', text: 'a' } }), fromPerson({ read: { watermark: 5 } })] },
        { id: other, time: 2, messaging: [{ sender: { id: '42' }, recipient: { id: other }, timestamp: 3, message: { mid: 'm_b', text: 'b' } }] },
      ],
    };
    expect(eventsOf(body).map((e) => [e.kind, e.source])).toEqual([['message', PAGE_ID], ['watermark', PAGE_ID], ['message', other]]);
  });

  it('gives a redelivered batch the same keys, so it is stored once', () => {
    const body = webhook(fromPerson({ message: { mid: 'm_dup', text: 'once' } }), fromPerson({ message: { mid: 'm_dup', text: 'once' } }));
    const keys = eventsOf(body).map((e) => (e.kind === 'message' ? e.message.idempotencyKey : ''));
    expect(keys).toEqual(['m_dup', 'm_dup']);
  });

  it('accepts an empty entry list (nothing to do), and says where a malformed event is', () => {
    expect(eventsOf({ object: 'page', entry: [] })).toEqual([]);
    expect(() => eventsOf(webhook(fromPerson({ message: { mid: 'm_1' } }), fromPerson({ postback: 'tap' })))).toThrow(/entry\[0\]\.messaging\[1\]: postback/);
  });
});
