import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../../../application/inbound/inbound-event.ts';
import type { InboundMessage } from '../../../../application/inbound/inbound-message.ts';
import { eventsOf, fromPerson, PAGE_ID, PSID, webhook } from './fixtures.ts';

// Payloads from the messages webhook reference:
// @see https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messages
const CDN = 'https://scontent.xx.fbcdn.net/v/t1.15752-9/';
const at = (type: string, url = `${CDN}${type}.bin?_nc_cat=1&oh=00_x`) => ({ type, payload: { url } });
const MID = 'mid.$cAAJdkrCd2ORnva8ErFhjGm0X_Q_c';

function only(body: unknown): InboundEvent {
  const events = eventsOf(body);
  expect(events).toHaveLength(1);
  return events[0]!;
}

function messageOf(message: Record<string, unknown>): InboundMessage {
  const event = only(webhook(fromPerson({ message: { mid: MID, ...message } })));
  if (event.kind !== 'message') throw new Error(`expected a message, got ${event.kind}`);
  expect(event.source).toBe(PAGE_ID);
  return event.message;
}

describe('facebook converter: messages', () => {
  it('turns a text into a message keyed by its mid, with the sender PSID and the millisecond timestamp', () => {
    expect(messageOf({ mid: 'mid.1457764197618:41d102a3e1ae206a38', text: 'hello, world!' })).toEqual({
      idempotencyKey: 'mid.1457764197618:41d102a3e1ae206a38', externalId: 'mid.1457764197618:41d102a3e1ae206a38',
      sender: { externalId: PSID }, type: 'text', text: 'hello, world!', sentAt: new Date(1458692752478), attachments: [], metadata: undefined,
    });
  });

  it('keeps a quick reply payload and the replied-to message in metadata', () => {
    expect(messageOf({ text: 'Red', quick_reply: { payload: 'PICK_RED' }, reply_to: { mid: 'm_1fTq8oLumEyIp3Q2MR-aY7IfLZDamVrALniheU', is_self_reply: false } }))
      .toMatchObject({ type: 'text', text: 'Red', metadata: { quickReply: { payload: 'PICK_RED' }, replyTo: { mid: 'm_1fTq8oLumEyIp3Q2MR-aY7IfLZDamVrALniheU', isSelfReply: false } } });
  });

  it.each([
    ['image', 'image'], ['video', 'video'], ['audio', 'audio'], ['file', 'file'],
  ] as const)('takes a %s attachment by its URL (which carries no token)', (type, expected) => {
    const message = messageOf({ attachments: [at(type)] });
    expect(message).toMatchObject({ type: expected, text: '', attachments: [{ type: expected, sourceRef: `${CDN}${type}.bin?_nc_cat=1&oh=00_x` }] });
  });

  it('keeps every attachment of an album, the message typed by the first', () => {
    const message = messageOf({ attachments: [at('image', `${CDN}1.jpg`), at('image', `${CDN}2.jpg`), at('file', `${CDN}3.pdf`)] });
    expect(message.type).toBe('image');
    expect(message.attachments.map((a) => [a.type, a.sourceRef])).toEqual([['image', `${CDN}1.jpg`], ['image', `${CDN}2.jpg`], ['file', `${CDN}3.pdf`]]);
  });

  it('makes one sticker of sticker_id beside its image, and of the sticker + image pair of the 2026 transition', () => {
    const classic = messageOf({ sticker_id: 369239263222822, attachments: [{ type: 'image', payload: { url: `${CDN}like.png`, sticker_id: 369239263222822 } }] });
    expect(classic).toMatchObject({ type: 'sticker', attachments: [{ type: 'sticker', sourceRef: `${CDN}like.png` }], metadata: { stickerId: '369239263222822' } });
    const both = messageOf({ attachments: [{ type: 'sticker', payload: { url: `${CDN}s.png`, sticker_id: '767226160478561' } }, { type: 'image', payload: { url: `${CDN}s.png`, sticker_id: '767226160478561' } }] });
    expect(both).toMatchObject({ type: 'sticker', attachments: [{ type: 'sticker', sourceRef: `${CDN}s.png` }], metadata: { stickerId: '767226160478561' } });
    expect(both.attachments).toHaveLength(1);
  });

  it('turns a shared location into a location message with its coordinates', () => {
    const message = messageOf({ attachments: [{ title: "Ann's Location", url: 'https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.bing.com%2Fmaps', type: 'location', payload: { coordinates: { lat: 52.3765387, long: 4.8863599 } } }] });
    expect(message).toMatchObject({ type: 'location', text: "Ann's Location", attachments: [], metadata: { location: { latitude: 52.3765387, longitude: 4.8863599, title: "Ann's Location" } } });
  });

  it('keeps a shared link (fallback) as text, in both the v6.0+ and the older shape', () => {
    const v6 = messageOf({ text: 'look https://example.com/a', attachments: [{ type: 'fallback', payload: { url: 'https://example.com/a', title: 'Example A' } }] });
    expect(v6).toMatchObject({ type: 'text', text: 'look https://example.com/a', metadata: { link: { title: 'Example A', url: 'https://example.com/a' } } });
    const old = messageOf({ attachments: [{ title: 'Example B', url: 'https://example.com/b', type: 'fallback', payload: null }] });
    expect(old).toMatchObject({ type: 'text', text: 'Example B\nhttps://example.com/b', metadata: { link: { url: 'https://example.com/b' } } });
  });

  it.each([
    ['a fallback without payload', { type: 'fallback', payload: null }],
    ['a product template', { type: 'template', payload: { product: { elements: [{ id: '3', retailer_id: 'r', title: 'Shirt', price: '25' }] } } }],
    ['a reel', { type: 'reel', payload: { reel_video_id: 1, url: `${CDN}reel.mp4` } }],
    ['an appointment booking', { type: 'appointment_booking', payload: { booking_id: 'b-1', status: 'requested', start_time: 1739612400 } }],
    ['a type invented tomorrow', { type: 'hologram', payload: { url: `${CDN}h.bin` } }],
    ['a type named like an Object property', { type: 'constructor', payload: { url: `${CDN}c.bin` } }],
  ])('stores %s as unsupported with what is known, never dropped', (_name, attachment) => {
    const message = messageOf({ attachments: [attachment] });
    expect(message).toMatchObject({ type: 'unsupported', attachments: [], metadata: { unsupported: [attachment] } });
  });

  it('keeps an attachment it understands beside one it does not', () => {
    const message = messageOf({ attachments: [at('image'), { type: 'hologram' }] });
    expect(message).toMatchObject({ type: 'image', metadata: { unsupported: [{ type: 'hologram' }] } });
  });

  it('stores a message with neither text nor attachments as unsupported', () => {
    expect(messageOf({})).toMatchObject({ type: 'unsupported', text: '', attachments: [] });
  });

  it('makes text storable (NUL, lone surrogates); a media attachment without a URL is unsupported', () => {
    expect(messageOf({ text: 'a\u0000b\ud800c' }).text).toBe('a\uFFFDb\uFFFDc');
    // Kept as the platform named it; the loader fetches http(s) only (attachment loader tests).
    expect(messageOf({ attachments: [{ type: 'image', payload: { url: 'file:///etc/passwd' } }] })).toMatchObject({ type: 'image', attachments: [{ sourceRef: 'file:///etc/passwd' }] });
    expect(messageOf({ attachments: [{ type: 'image', payload: {} }] })).toMatchObject({ type: 'unsupported', attachments: [] });
    const odd = messageOf({ attachments: [{ type: 'x\u0000', payload: { note: 'y\u0000' } }] });
    expect(JSON.stringify(odd.metadata)).not.toContain('\\u0000');
  });

  it('takes ids given as numbers as strings, and refuses a number JSON cannot carry exactly', () => {
    const body = { object: 'page', entry: [{ id: 682498302938465, time: 1, messaging: [{ sender: { id: 1254477777772919 }, recipient: { id: 682498302938465 }, timestamp: 1, message: { mid: 'm_1', text: 'x' } }] }] };
    expect(only(body)).toMatchObject({ source: PAGE_ID, message: { sender: { externalId: PSID } } });
    expect(() => eventsOf({ ...body, entry: [{ ...body.entry[0], id: 2 ** 60 }] })).toThrow(/entry\.0\.id/);
  });
});
