import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../../../application/inbound/inbound-event.ts';
import { parseTelegramUpdate } from '../../../../adapters/providers/telegram/index.ts';
import { messageOf, NOW } from '../custom-fixtures.ts';
import { ADA, callbackUpdate, CONTENT, editedUpdate, messageUpdate } from './fixtures.ts';

const eventsOf = (body: unknown): readonly InboundEvent[] => {
  const parsed = parseTelegramUpdate(body, NOW);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.events;
};
const only = (body: unknown): InboundEvent => {
  const events = eventsOf(body);
  expect(events).toHaveLength(1);
  return events[0]!;
};
const message = (fields: Record<string, unknown>, messageId?: number) => messageOf(only(messageUpdate(fields, messageId)));
const file = (type: string, sourceRef: string, more: Record<string, unknown> = {}) => ({ type, sourceRef, ...more });

// Every message type of https://core.telegram.org/bots/api#message that a person can send a bot, and what it becomes.
const TABLE: ReadonlyArray<[keyof typeof CONTENT, Record<string, unknown>]> = [
  ['text', { type: 'text', text: '/start hello', attachments: [] }],
  ['photo', { type: 'image', text: 'Our receipt', attachments: [file('image', 'AgACAgIAAxkBAAIBZ2Y-large', { fileSize: 84_412, mimeType: 'image/jpeg' })], metadata: { mediaGroupId: '13579' } }],
  ['video', { type: 'video', text: '', attachments: [file('video', 'BAACAgIAAxkBAAIBvideo', { fileName: 'IMG_2170.MOV', mimeType: 'video/mp4', fileSize: 291_286 })] }],
  ['video_note', { type: 'video', attachments: [file('video', 'DQACAgIAAxkBAAIBnote', { mimeType: 'video/mp4', fileSize: 120_000 })], metadata: { videoNote: true } }],
  ['animation', { type: 'video', attachments: [file('video', 'CgACAgIAAxkBAAIBanim', { fileName: 'funny.gif.mp4', mimeType: 'video/mp4' })] }],
  ['audio', { type: 'audio', attachments: [file('audio', 'CQACAgIAAxkBAAIBaudio', { fileName: 'song.mp3', mimeType: 'audio/mpeg' })], metadata: { title: 'Test music file', performer: 'Band' } }],
  ['voice', { type: 'voice', attachments: [file('voice', 'AwACAgIAAxkBAAIBvoice', { mimeType: 'audio/ogg', fileSize: 11_833 })] }],
  ['document', { type: 'file', text: 'see attached', attachments: [file('file', 'BQACAgIAAxkBAAIBdoc', { fileName: 'Invoice 2024.pdf', mimeType: 'application/pdf' })] }],
  ['sticker', { type: 'sticker', text: '', attachments: [file('sticker', 'CAACAgIAAxkBAAIBstick', { mimeType: 'image/webp' })], metadata: { emoji: '👍', setName: 'HotCherry' } }],
  ['location', { type: 'location', text: '', attachments: [], metadata: { latitude: 52.520008, longitude: 13.404954 } }],
  ['venue', { type: 'location', attachments: [], metadata: { latitude: 48.858844, longitude: 2.294351, title: 'Eiffel Tower', address: 'Champ de Mars, Paris', foursquareId: '4adcda09f964a520dd3321e3' } }],
  ['contact', { type: 'contact', attachments: [], metadata: { phoneNumber: '+4915112345678', firstName: 'Grace', lastName: 'Hopper', userId: '6666666666', vcard: 'BEGIN:VCARD\nEND:VCARD' } }],
  ['dice', { type: 'unsupported', text: '', attachments: [], metadata: { telegramType: 'dice', content: { emoji: '🎲', value: 4 } } }],
  ['poll', { type: 'unsupported', attachments: [], metadata: { telegramType: 'poll', content: expect.objectContaining({ question: 'Tea or coffee?' }) } }],
];

describe('Telegram converter: message types', () => {
  it.each(TABLE)('converts a %s message', (name, expected) => {
    expect(message(CONTENT[name])).toMatchObject(expected);
  });

  it('keys a message by chat and message id, keeps ids as strings and the date as one instant, and takes the profile from `from`', () => {
    expect(message({ text: 'hi' }, 1365)).toEqual({
      idempotencyKey: '5555555555:1365', externalId: '1365', type: 'text', text: 'hi', attachments: [], metadata: undefined,
      sentAt: new Date('2015-09-07T17:05:32.000Z'),
      sender: { externalId: '5555555555', profile: { firstName: 'Ada', lastName: 'Lovelace', username: 'ada', language: 'en' } },
    });
  });

  it('keeps the largest photo size, whatever order the sizes come in', () => {
    const photo = [...CONTENT.photo.photo].reverse();
    expect(message({ photo }).attachments).toEqual([expect.objectContaining({ sourceRef: 'AgACAgIAAxkBAAIBZ2Y-large' })]);
  });

  it('stores unknown kinds and service messages as unsupported with what they hold, never dropping them', () => {
    expect(message({ checklist_from_the_future: { title: 'Groceries', tasks: [] } })).toMatchObject({
      type: 'unsupported', metadata: { telegramType: 'checklist_from_the_future', content: { title: 'Groceries', tasks: [] } },
    });
    expect(message({ pinned_message: { message_id: 3, date: 0, chat: { id: ADA.id, type: 'private' } } })).toMatchObject({ type: 'unsupported', metadata: { telegramType: 'pinned_message' } });
    expect(message({})).toMatchObject({ type: 'unsupported', metadata: { telegramType: 'unknown' } });
  });

  it('makes NUL and lone surrogates storable in text, names and metadata', () => {
    const converted = message({ from: { ...ADA, first_name: 'A\u0000da' }, dice: { emoji: '\ud800', 'k\u0000': 'v\u0000' }, caption: 'x\u0000' });
    expect(converted.text).toBe('x\uFFFD');
    expect(converted.sender.profile?.firstName).toBe('A\uFFFDda');
    expect(converted.metadata).toEqual({ telegramType: 'dice', content: { emoji: '\uFFFD', 'k\uFFFD': 'v\uFFFD' } });
  });
});

describe('Telegram converter: keys, albums, edits, button taps', () => {
  it('gives a redelivered update the same key, and the same message id in another chat another key', () => {
    const update = messageUpdate({ text: 'hi' }, 7);
    expect(messageOf(only(update)).idempotencyKey).toBe(messageOf(only(structuredClone(update))).idempotencyKey);
    const other = messageUpdate({ text: 'hi', from: { ...ADA, id: 42 }, chat: { id: 42, type: 'private' } }, 7);
    expect(messageOf(only(other)).idempotencyKey).toBe('42:7');
  });

  it('turns each update of an album (one media_group_id) into its own message, the caption on the first', () => {
    const photo = (id: string) => [{ file_id: id, file_unique_id: `u${id}`, width: 800, height: 600 }];
    const album = [messageUpdate({ photo: photo('p1'), caption: 'Trip', media_group_id: 'g1' }, 10), messageUpdate({ photo: photo('p2'), media_group_id: 'g1' }, 11), messageUpdate({ video: { file_id: 'v3', file_unique_id: 'uv3' }, media_group_id: 'g1' }, 12)];
    expect(album.map((update) => messageOf(only(update)))).toMatchObject([
      { idempotencyKey: '5555555555:10', type: 'image', text: 'Trip', metadata: { mediaGroupId: 'g1' } },
      { idempotencyKey: '5555555555:11', type: 'image', text: '', metadata: { mediaGroupId: 'g1' } },
      { idempotencyKey: '5555555555:12', type: 'video', attachments: [{ sourceRef: 'v3' }] },
    ]);
  });

  it('turns edited_message into an edit keyed like the original, at edit_date, with the whole message for when the original never came', () => {
    const original = messageOf(only(messageUpdate({ text: 'teh typo' }, 55)));
    const edit = only(editedUpdate({ text: 'the typo' }, 55));
    expect(edit).toMatchObject({ kind: 'edit', edit: { idempotencyKey: original.idempotencyKey, text: 'the typo', editedAt: new Date(1_441_646_600_000), message: { type: 'text', text: 'the typo' } } });
    expect(only(editedUpdate({ caption: 'new caption', photo: CONTENT.photo.photo }, 56))).toMatchObject({ kind: 'edit', edit: { text: 'new caption' } });
  });

  it('turns a button tap into a postback keyed by the callback query id, text = data, arriving now', () => {
    expect(messageOf(only(callbackUpdate('order:42', 'cq-1')))).toEqual({
      idempotencyKey: 'callback_query:cq-1', externalId: 'cq-1', type: 'postback', text: 'order:42', attachments: [], sentAt: NOW,
      sender: { externalId: '5555555555', profile: { firstName: 'Ada', lastName: 'Lovelace', username: 'ada', language: 'en' } },
      metadata: { callbackQueryId: 'cq-1', data: 'order:42', messageExternalId: '77' },
    });
  });
});

describe('Telegram converter: what is ignored (groups are not served) and what is refused', () => {
  const group = { id: -1_001_234_567_890, title: 'Team', type: 'supergroup' };
  const { message: tapMessage, ...tapWithoutMessage } = (callbackUpdate() as { callback_query: Record<string, unknown> }).callback_query;
  it.each([
    ['a group message', messageUpdate({ chat: { id: -4_000_000_001, title: 'Team', type: 'group' }, text: 'hi all' })],
    ['a supergroup message', messageUpdate({ chat: group, text: 'hi all' })],
    ['an edit in a supergroup', editedUpdate({ chat: group, text: 'edited' })],
    ['a tap in a group', { update_id: 1, callback_query: { ...tapWithoutMessage, message: { ...(tapMessage as object), chat: group } } }],
    ['a tap on an inline-mode message', { update_id: 1, callback_query: { ...tapWithoutMessage, inline_message_id: 'AAAA' } }],
    ['channel_post', { update_id: 1, channel_post: { message_id: 1, chat: { id: -100_777, type: 'channel', title: 'News' }, date: 1, text: 'news' } }],
    ['my_chat_member', { update_id: 1, my_chat_member: { chat: group, from: ADA, date: 1 } }],
    ['chat_join_request', { update_id: 1, chat_join_request: { chat: group, from: ADA, user_chat_id: ADA.id, date: 1 } }],
    ['an update kind from the future', { update_id: 1, something_new: { x: 1 } }],
    ['an update of no kind', { update_id: 1 }],
  ])('ignores %s', (_name, body) => {
    expect(only(body)).toMatchObject({ kind: 'ignored', reason: expect.any(String) });
  });

  it.each([
    ['no update_id', { message: { text: 'hi' } }, 'update_id: is required'],
    ['a number for text', messageUpdate({ text: 5 }), 'message.text: must be a string'],
    ['a fractional date', messageUpdate({ date: 1.5 }), 'message.date: must be Unix time in whole seconds'],
    ['an id past 2^53', messageUpdate({ from: { ...ADA, id: 2 ** 53 + 2 } }), 'message.from.id: must be a whole number below 2^53'],
    ['a photo without file_id', messageUpdate({ photo: [{ file_unique_id: 'x' }] }), 'message.photo.0.file_id: is required'],
    ['NUL in a file_id', messageUpdate({ document: { file_id: 'a\u0000b' } }), 'message.document.file_id: must not contain NUL'],
    ['an array of updates', [messageUpdate({ text: 'hi' })], 'not an array'],
    ['a string', 'update', 'the body must be a Telegram Update object'],
  ])('refuses %s, saying why', (_name, body, reason) => {
    const parsed = parseTelegramUpdate(body, NOW);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(reason);
  });
});
