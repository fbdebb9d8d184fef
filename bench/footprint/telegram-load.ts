import { Agent, request } from 'node:http';
import type { Attempt } from '../closed-loop.ts';

/** The Telegram channel the load posts to. */
export interface TelegramTarget {
  readonly baseUrl: string;
  readonly channelId: string;
  readonly secretToken: string;
}

/** Creates a Telegram channel through tRPC whose Bot API is the local fake (no job ever reaches the internet). */
export async function createTelegramChannel(baseUrl: string, adminToken: string, settings: { botToken: string; secretToken: string; apiBaseUrl: string }): Promise<string> {
  const response = await fetch(`${baseUrl}/trpc/channels.create`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Footprint bot', provider: 'telegram', source: `footprint_bot_${Date.now().toString(36)}`, settings }),
  });
  const text = await response.text();
  const id = response.ok ? (JSON.parse(text) as { result?: { data?: { id?: unknown } } }).result?.data?.id : undefined;
  if (typeof id !== 'string') throw new Error(`channels.create answered ${response.status}: ${text.slice(0, 300)}`);
  return id;
}

/** Every `NEW_SENDER_EVERY`-th message comes from a person never seen before; the rest from `existing` known ones. */
const NEW_SENDER_EVERY = 5;
const FIRST_NEW_SENDER = 7_000_000_000;

/**
 * A private-chat `message` Update as Telegram posts it (https://core.telegram.org/bots/api#update).
 * Sender ids above 2^31, as real ones are; message ids unique per run so none is a redelivery.
 */
export function privateMessageUpdate(runId: number, index: number, existingSenders: number): string {
  const senderId = index % NEW_SENDER_EVERY === 0 || existingSenders === 0
    ? FIRST_NEW_SENDER + runId * 10_000_000 + index
    : 6_000_000_000 + (index % existingSenders);
  const from = { id: senderId, is_bot: false, first_name: `Sender${senderId}`, language_code: 'en' };
  return JSON.stringify({
    update_id: runId * 10_000_000 + index,
    message: {
      message_id: runId * 10_000_000 + index, from, chat: { id: senderId, first_name: from.first_name, type: 'private' },
      date: Math.floor(Date.now() / 1000), text: `footprint message ${index}: where is my order?`,
    },
  });
}

/** Posts Updates with the secret header over keep-alive HTTP; an attempt is acknowledged by a 200. */
export function telegramPoster(target: TelegramTarget, body: (index: number) => string, concurrency: number): { attempt: Attempt; close(): void } {
  const url = new URL(`/webhooks/telegram/${target.channelId}`, target.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const attempt: Attempt = (index) => new Promise((resolve, reject) => {
    const payload = Buffer.from(body(index));
    const req = request({
      agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': payload.length, 'x-telegram-bot-api-secret-token': target.secretToken },
    }, (res) => {
      res.resume().on('end', () => resolve(res.statusCode === 200 ? null : `status ${res.statusCode}`));
    });
    req.on('error', reject);
    req.end(payload);
  });
  return { attempt, close: () => agent.destroy() };
}
