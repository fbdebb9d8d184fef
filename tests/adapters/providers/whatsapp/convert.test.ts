import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../../../application/inbound/inbound-event.ts';
import { parseWhatsAppWebhook } from '../../../../adapters/providers/whatsapp/index.ts';
import { messageOf } from '../custom-fixtures.ts';
import {
  CONTENTS, CUSTOMER, OTHER_NUMBER_ID, PHONE_NUMBER_ID, customerContact, message, messagesValue, status, unsupportedMessage, webhook,
} from './fixtures.ts';

const eventsOf = (body: unknown): readonly InboundEvent[] => {
  const parsed = parseWhatsAppWebhook(body);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.events;
};
const convert = (one: Record<string, unknown>) => messageOf(eventsOf(webhook(messagesValue([one])))[0]);
const attachment = (type: string, sourceRef: string, extra: Record<string, unknown> = {}) => expect.objectContaining({ type, sourceRef, ...extra });

// Every inbound type of the Cloud API and what it becomes (type, text, attachments, metadata).
const TABLE: ReadonlyArray<readonly [string, Record<string, unknown>, Record<string, unknown>]> = [
  ['text', message('text', CONTENTS.text), { type: 'text', text: 'Does it come in another color?', attachments: [] }],
  ['image + caption', message('image', CONTENTS.image), { type: 'image', text: 'Black jacket', attachments: [attachment('image', '1003383421387256', { mimeType: 'image/jpeg' })] }],
  ['video + caption', message('video', CONTENTS.video), { type: 'video', text: 'Unboxing', attachments: [attachment('video', '1166846181421424')] }],
  ['audio file', message('audio', CONTENTS.audio), { type: 'audio', text: '', attachments: [attachment('audio', '1003383421387257', { mimeType: 'audio/mpeg' })] }],
  ['voice note', message('audio', CONTENTS.voice), { type: 'voice', attachments: [attachment('voice', '1003383421387258', { mimeType: 'audio/ogg; codecs=opus' })] }],
  ['document', message('document', CONTENTS.document), { type: 'file', text: 'My receipt', attachments: [attachment('file', '1003383421387259', { fileName: 'receipt-2025.pdf' })] }],
  ['sticker', message('sticker', CONTENTS.sticker), { type: 'sticker', attachments: [attachment('sticker', '1003383421387260')], metadata: { sticker: { animated: false } } }],
  ['location', message('location', CONTENTS.location), {
    type: 'location', text: 'Location: Philz Coffee, 1 Hacker Way, Menlo Park, CA 94025 (37.483307, -122.148981)',
    metadata: { location: { latitude: 37.483307, longitude: -122.148981, name: 'Philz Coffee', address: '1 Hacker Way, Menlo Park, CA 94025', url: 'https://www.philzcoffee.com/' } },
  }],
  ['shared contact', message('contacts', CONTENTS.contacts), {
    type: 'contact', text: 'Contact: Pablo Morales (+1 (940) 555-1234, pablomorales@example.com)', metadata: { contacts: CONTENTS.contacts },
  }],
  ['template quick-reply button', message('button', CONTENTS.button, { context: { from: '15550783881', id: 'wamid.TEMPLATE' } }), {
    type: 'postback', text: 'Unsubscribe',
    metadata: { postback: { kind: 'button', title: 'Unsubscribe', payload: 'Unsubscribe from Promos' }, context: { replyTo: 'wamid.TEMPLATE', replyToFrom: '15550783881' } },
  }],
  ['reply button', message('interactive', CONTENTS.button_reply), { type: 'postback', text: 'Cancel', metadata: { postback: { kind: 'button_reply', id: 'cancel-button', title: 'Cancel' } } }],
  ['list row', message('interactive', CONTENTS.list_reply), {
    type: 'postback', text: 'Express Shipping', metadata: { postback: { kind: 'list_reply', id: 'priority_express', title: 'Express Shipping', description: 'Next Day to 2 Days' } },
  }],
  ['reaction', message('reaction', CONTENTS.reaction), { type: 'unsupported', text: 'Reacted \u{1F600} to a message' }],
  ['reaction removed', message('reaction', { message_id: 'wamid.X' }), { type: 'unsupported', text: 'Removed a reaction' }],
  ['order', message('order', CONTENTS.order), { type: 'unsupported', text: 'Order: 2 × di9ozbzfi4 (30 USD)\nIs this in stock?', metadata: { whatsapp: { type: 'order', order: CONTENTS.order } } }],
  ['system', message('system', CONTENTS.system), { type: 'unsupported', text: CONTENTS.system.body }],
  ['unsupported', unsupportedMessage(), {
    type: 'unsupported', text: 'Unsupported WhatsApp message (edit): Message type is currently not supported.',
    metadata: { whatsapp: expect.objectContaining({ type: 'unsupported', unsupportedType: 'edit' }) },
  }],
  ['unknown type', message('poll_vote', { option: 2 }), { type: 'unsupported', text: 'Unsupported WhatsApp message type "poll_vote"', metadata: { whatsapp: { type: 'poll_vote', content: { option: 2 } } } }],
  ['known type, unreadable content', message('image', { caption: 'no id' }), { type: 'unsupported', text: 'WhatsApp image message that could not be read' }],
  ['forwarded text', message('text', CONTENTS.text, { context: { forwarded: true } }), { type: 'text', metadata: { context: { forwarded: true } } }],
];

describe('WhatsApp converter', () => {
  it.each(TABLE)('converts %s', (_name, input, expected) => {
    const converted = convert(input);
    expect(converted).toMatchObject({ ...expected, idempotencyKey: input.id, externalId: input.id, sender: { externalId: CUSTOMER } });
    if (!('metadata' in expected) && !['unsupported'].includes(String(expected.type))) expect(converted.metadata).toBeUndefined();
  });

  it('never keeps the short-lived media URL', () => {
    expect(JSON.stringify(convert(message('image', CONTENTS.image)))).not.toContain('lookaside');
    expect(JSON.stringify(convert(message('image', { ...CONTENTS.image, id: undefined })))).not.toContain('lookaside');
  });

  it('turns Unix-second strings into one sentAt and keeps ids as strings', () => {
    const converted = convert({ ...message('text', CONTENTS.text), id: 'wamid.1', timestamp: '1749416383' });
    expect(converted.sentAt.toISOString()).toBe('2025-06-08T20:59:43.000Z');
    expect(convert({ ...message('text', CONTENTS.text), from: 16505551234 }).sender.externalId).toBe('16505551234');
  });

  it('names the sender from contacts by wa_id, and each message of a batch by its own sender', () => {
    const value = messagesValue([message('text', CONTENTS.text), message('text', CONTENTS.text, { from: '447700900123' })], PHONE_NUMBER_ID,
      [customerContact(), customerContact('447700900123', ' Ana María López ')]);
    const [first, second] = eventsOf(webhook(value)).map(messageOf);
    expect(first?.sender).toEqual({ externalId: CUSTOMER, profile: { firstName: 'Sheena Nelson' } });
    expect(second?.sender).toEqual({ externalId: '447700900123', profile: { firstName: 'Ana María López' } });
    expect(messageOf(eventsOf(webhook(messagesValue([message('text', CONTENTS.text)], PHONE_NUMBER_ID, [])))[0]).sender.profile).toBeUndefined();
  });

  it('takes a username-only sender by business-scoped id', () => {
    const contact = { profile: { name: 'Sheena', username: '@sheena' }, user_id: 'US.13491208655302741918' };
    const one = { ...message('text', CONTENTS.text), from: undefined, from_user_id: 'US.13491208655302741918' };
    const converted = messageOf(eventsOf(webhook(messagesValue([one], PHONE_NUMBER_ID, [contact])))[0]);
    expect(converted.sender).toEqual({ externalId: 'US.13491208655302741918', profile: { firstName: 'Sheena', username: '@sheena' } });
  });

  it('routes every event of a batch to the number it is for, in order', () => {
    const body = { object: 'whatsapp_business_account', entry: [
      { id: 'waba-1', changes: [{ field: 'messages', value: messagesValue([message('text', CONTENTS.text), message('image', CONTENTS.image)]) }] },
      { id: 'waba-2', changes: [
        { field: 'messages', value: { ...messagesValue([]), statuses: [status('wamid.OUT', 'read')] } },
        { field: 'messages', value: messagesValue([message('text', CONTENTS.text)], OTHER_NUMBER_ID) },
      ] },
    ] };
    expect(eventsOf(body).map((e) => [e.kind, e.source])).toEqual([
      ['message', PHONE_NUMBER_ID], ['message', PHONE_NUMBER_ID], ['status', PHONE_NUMBER_ID], ['message', OTHER_NUMBER_ID],
    ]);
  });

  it('gives a redelivered message the same idempotency key', () => {
    const one = message('text', CONTENTS.text);
    const [a, b] = eventsOf(webhook(messagesValue([one, { ...one }]))).map(messageOf);
    expect(a?.idempotencyKey).toBe(b?.idempotencyKey);
  });

  it('turns statuses into receipts, failed with the error as the reason, played as read, unknown ignored', () => {
    const failure = { code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'More than 24 hours have passed.' } };
    const value = { ...messagesValue([]), statuses: [
      status('wamid.A', 'sent'), status('wamid.A', 'delivered'), status('wamid.A', 'played'), status('wamid.B', 'failed', { errors: [failure] }), status('wamid.C', 'deleted'),
    ] };
    expect(eventsOf(webhook(value))).toEqual([
      { kind: 'status', source: PHONE_NUMBER_ID, status: { externalId: 'wamid.A', status: 'sent', error: undefined } },
      { kind: 'status', source: PHONE_NUMBER_ID, status: { externalId: 'wamid.A', status: 'delivered', error: undefined } },
      { kind: 'status', source: PHONE_NUMBER_ID, status: { externalId: 'wamid.A', status: 'read', error: undefined } },
      { kind: 'status', source: PHONE_NUMBER_ID, status: {
        externalId: 'wamid.B', status: 'failed',
        error: 'outside the 24-hour customer service window: Re-engagement message: More than 24 hours have passed. (WhatsApp error 131047)',
      } },
      { kind: 'ignored', source: PHONE_NUMBER_ID, reason: 'WhatsApp status "deleted" is not tracked' },
    ]);
  });

  it('ignores other fields and account-level errors with a reason', () => {
    const events = eventsOf({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [
      { field: 'message_template_status_update', value: { event: 'APPROVED' } },
      { field: 'messages', value: { ...messagesValue([]), messages: undefined, errors: [{ code: 130429, title: 'Rate limit hit' }] } },
    ] }] });
    expect(events.map((e) => e.kind)).toEqual(['ignored', 'ignored']);
  });

  it('answers malformed payloads with a reason naming the field', () => {
    const parsed = parseWhatsAppWebhook(webhook(messagesValue([{ ...message('text', CONTENTS.text), timestamp: '1749416383000000' }])));
    expect(parsed).toEqual({ ok: false, message: expect.stringContaining('entry.0.changes.0.value: messages.0.timestamp') });
  });

  it('stores hostile text as PostgreSQL can keep it', () => {
    const converted = convert(message('text', { body: 'a\u0000b\ud800' }));
    expect(converted.text).toBe('a\uFFFDb\uFFFD');
    expect(JSON.stringify(convert(message('contacts', [{ name: { formatted_name: 'x\u0000' } }])).metadata)).not.toContain('\\u0000');
  });
});
