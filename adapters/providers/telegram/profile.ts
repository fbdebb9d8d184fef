import type { LookedUpProfile, ProfileLookup } from '../../../application/ports/profile-lookup.ts';
import type { ProviderOptions } from '../provider-module.ts';
import { failureReason, isTransient, type BotApi, type BotApiAnswer } from './client.ts';
import { downloadFile } from './attachments.ts';
import { largestPhoto } from './content.ts';
import { profileOf } from './convert.ts';
import type { TelegramFile } from './payload.ts';
import { botAccessOf, type BotAccess } from './settings.ts';

const MAX_AVATAR_BYTES = 5 * 1024 * 1024;
const USER_ID = /^\d{1,16}$/;

/**
 * Who a sender is [Creatio's IProfileDataProvider]: names from getChat(user_id), the profile photo
 * from getUserProfilePhotos → getFile → its bytes (the file URL holds the token, so no avatarUrl).
 * Every update names its sender (`from`: a User, whose first_name is required), so the names are asked
 * for only when the caller lacks them: getChat would answer the same, at one more call against the bot's limits.
 * Unknown to Telegram → undefined; a transient failure is thrown (with no token) for the job to retry.
 */
export function createTelegramProfileLookup(api: BotApi, options: ProviderOptions): ProfileLookup {
  return {
    async lookup(channel, senderExternalId, needs = { names: true }) {
      const access = botAccessOf(channel);
      if (!access || !USER_ID.test(senderExternalId) || !Number.isSafeInteger(Number(senderExternalId))) return undefined;
      const names = needs.names ? await namesOf(api, access, senderExternalId) : undefined;
      const avatar = await avatarOf(api, options, access, senderExternalId);
      if (!names && !avatar) return undefined;
      return { ...names, ...(avatar ? { avatar } : {}) };
    },
  };
}

async function namesOf(api: BotApi, access: BotAccess, userId: string): Promise<LookedUpProfile | undefined> {
  const chat = await api(access, 'getChat', { chat_id: userId });
  return chat.kind === 'ok' ? profileOf(namesIn(chat.result)) : failed(chat);
}

// 400 "chat not found" (the user never wrote to this bot) is an answer; flood control or no answer is not.
function failed(answer: Exclude<BotApiAnswer, { kind: 'ok' }>): undefined {
  if (isTransient(answer)) throw new Error(`profile lookup: ${failureReason(answer)}`);
  return undefined;
}

function namesIn(result: unknown): { first_name?: string; last_name?: string; username?: string } {
  const chat = (typeof result === 'object' && result !== null ? result : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof chat[key] === 'string' ? chat[key] : undefined);
  const names = { first_name: text('first_name'), last_name: text('last_name'), username: text('username') };
  return Object.fromEntries(Object.entries(names).filter(([, value]) => value !== undefined));
}

/** The largest size of the newest profile photo, as bytes; undefined when there is none or it cannot be had. */
async function avatarOf(api: BotApi, options: ProviderOptions, access: BotAccess, userId: string): Promise<LookedUpProfile['avatar']> {
  const photos = await api(access, 'getUserProfilePhotos', { user_id: Number(userId), limit: 1 });
  if (photos.kind !== 'ok') return failed(photos);
  const sizes = (photos.result as { photos?: unknown } | null)?.photos;
  const newest = Array.isArray(sizes) ? (sizes[0] as unknown) : undefined;
  const usable = Array.isArray(newest) ? newest.filter(isPhotoSize) : [];
  if (usable.length === 0) return undefined;
  const outcome = await downloadFile(api, options, access, largestPhoto(usable).file_id, MAX_AVATAR_BYTES);
  if (outcome.kind === 'retry') throw new Error(`profile photo: ${outcome.reason}`);
  if (outcome.kind !== 'loaded') return undefined;
  // Profile photos are JPEG; a file server that names no type does not make them anything else.
  const mimeType = outcome.mimeType === 'application/octet-stream' ? 'image/jpeg' : outcome.mimeType;
  return { bytes: outcome.bytes, mimeType };
}

function isPhotoSize(value: unknown): value is TelegramFile {
  const fileId = (value as { file_id?: unknown } | null)?.file_id;
  return typeof fileId === 'string' && fileId !== '' && fileId.length <= 1024;
}
