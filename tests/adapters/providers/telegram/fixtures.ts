import { Channel, type ChannelSettings } from '../../../../domain/channel.ts';
import type { ChannelId, QueueId } from '../../../../domain/ids.ts';
import { NOW, utf8 } from '../custom-fixtures.ts';
import type { WebhookRequest } from '../../../../adapters/providers/provider-module.ts';

/** The bot token of the test channels (the fake's default token). */
export const BOT_TOKEN = '7012345678:AAH-fakeTokenForTests_0123456789abcd';
/** The webhook secret token of the test channels (as setWebhook allows: A-Z a-z 0-9 _ -). */
export const SECRET_TOKEN = 'webhook-secret_0123456789';

/** A person over 2^31, as Telegram ids are: their private chat has the same id. */
export const ADA = { id: 5_555_555_555, is_bot: false, first_name: 'Ada', last_name: 'Lovelace', username: 'ada', language_code: 'en' };
const PRIVATE_CHAT = { id: ADA.id, first_name: 'Ada', last_name: 'Lovelace', username: 'ada', type: 'private' };

/** Settings of a test channel; `apiBaseUrl` points it at a fake. */
export const telegramSettings = (apiBaseUrl?: string): Record<string, unknown> =>
  ({ botToken: BOT_TOKEN, secretToken: SECRET_TOKEN, ...(apiBaseUrl ? { apiBaseUrl } : {}) });

/** A Telegram channel with these settings. */
export const telegramChannel = (settings: ChannelSettings = telegramSettings()): Channel => new Channel({
  id: '01900000-0000-7000-8000-000000000002' as ChannelId, name: 'Support bot', provider: 'telegram', source: 'switchboard_test_bot',
  queueId: '01900000-0000-7000-8000-0000000000aa' as QueueId, settings, createdAt: NOW,
});

/** The request Telegram sends: the body and the secret token header. */
export const telegramRequest = (body: string, secret: string | null = SECRET_TOKEN): WebhookRequest => ({
  headers: new Headers(secret === null ? {} : { 'X-Telegram-Bot-Api-Secret-Token': secret }), rawBody: utf8(body),
});

let updates = 100_000_000;

/** An Update with a message from Ada in her private chat; `fields` add to (or replace) the message's. */
export function messageUpdate(fields: Record<string, unknown>, messageId = 1365): Record<string, unknown> {
  updates += 1;
  return { update_id: updates, message: { message_id: messageId, from: ADA, chat: PRIVATE_CHAT, date: 1_441_645_532, ...fields } };
}

/** The same message, edited. */
export const editedUpdate = (fields: Record<string, unknown>, messageId = 1365): Record<string, unknown> =>
  ({ update_id: (updates += 1), edited_message: { message_id: messageId, from: ADA, chat: PRIVATE_CHAT, date: 1_441_645_532, edit_date: 1_441_646_600, ...fields } });

/** A tap on an inline keyboard button under a bot's message in Ada's chat. */
export const callbackUpdate = (data = 'order:42', id = '4382bfdwdsb323b2d9'): Record<string, unknown> => ({
  update_id: (updates += 1),
  callback_query: {
    id, from: ADA, chat_instance: '-7396478924613372815', data,
    message: { message_id: 77, from: { id: 7_012_345_678, is_bot: true, first_name: 'Switchboard', username: 'switchboard_test_bot' }, chat: PRIVATE_CHAT, date: 1_441_645_000, text: 'Pick one' },
  },
});

const photoSizes = [
  { file_id: 'AgACAgIAAxkBAAIBZ2Y-small', file_unique_id: 'AQADsmall', file_size: 1_519, width: 90, height: 67 },
  { file_id: 'AgACAgIAAxkBAAIBZ2Y-large', file_unique_id: 'AQADlarge', file_size: 84_412, width: 1280, height: 960 },
  { file_id: 'AgACAgIAAxkBAAIBZ2Y-medium', file_unique_id: 'AQADmedium', file_size: 21_345, width: 320, height: 240 },
];

/** A message field per type, shaped as the Bot API documents them (https://core.telegram.org/bots/api#message). */
export const CONTENT = {
  text: { text: '/start hello', entities: [{ offset: 0, length: 6, type: 'bot_command' }] },
  photo: { photo: photoSizes, caption: 'Our receipt', media_group_id: '13579' },
  video: { video: { file_id: 'BAACAgIAAxkBAAIBvideo', file_unique_id: 'AgADvideo', width: 720, height: 1280, duration: 1, file_name: 'IMG_2170.MOV', mime_type: 'video/mp4', file_size: 291_286 } },
  video_note: { video_note: { file_id: 'DQACAgIAAxkBAAIBnote', file_unique_id: 'AgADnote', length: 240, duration: 4, file_size: 120_000 } },
  animation: {
    animation: { file_id: 'CgACAgIAAxkBAAIBanim', file_unique_id: 'AgADanim', width: 320, height: 240, duration: 3, file_name: 'funny.gif.mp4', mime_type: 'video/mp4', file_size: 52_000 },
    document: { file_id: 'CgACAgIAAxkBAAIBanim', file_unique_id: 'AgADanim', file_name: 'funny.gif.mp4', mime_type: 'video/mp4', file_size: 52_000 },
  },
  audio: { audio: { file_id: 'CQACAgIAAxkBAAIBaudio', file_unique_id: 'AgADaudio', duration: 243, performer: 'Band', title: 'Test music file', file_name: 'song.mp3', mime_type: 'audio/mpeg', file_size: 3_897_500 } },
  voice: { voice: { file_id: 'AwACAgIAAxkBAAIBvoice', file_unique_id: 'AgADvoice', duration: 2, mime_type: 'audio/ogg', file_size: 11_833 } },
  document: { document: { file_id: 'BQACAgIAAxkBAAIBdoc', file_unique_id: 'AgADdoc', file_name: 'Invoice 2024.pdf', mime_type: 'application/pdf', file_size: 536_392 }, caption: 'see attached' },
  sticker: { sticker: { file_id: 'CAACAgIAAxkBAAIBstick', file_unique_id: 'AgADstick', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji: '👍', set_name: 'HotCherry', file_size: 7_340 } },
  location: { location: { latitude: 52.520008, longitude: 13.404954 } },
  venue: {
    location: { latitude: 48.858844, longitude: 2.294351 },
    venue: { location: { latitude: 48.858844, longitude: 2.294351 }, title: 'Eiffel Tower', address: 'Champ de Mars, Paris', foursquare_id: '4adcda09f964a520dd3321e3' },
  },
  contact: { contact: { phone_number: '+4915112345678', first_name: 'Grace', last_name: 'Hopper', user_id: 6_666_666_666, vcard: 'BEGIN:VCARD\nEND:VCARD' } },
  dice: { dice: { emoji: '🎲', value: 4 } },
  poll: { poll: { id: '5368520817391', question: 'Tea or coffee?', options: [{ text: 'Tea', voter_count: 0 }, { text: 'Coffee', voter_count: 0 }], total_voter_count: 0, is_closed: false, is_anonymous: true, type: 'regular', allows_multiple_answers: false } },
} as const;
