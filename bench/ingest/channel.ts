import { randomBytes } from 'node:crypto';
import { trpcMutation } from '../http-client.ts';
import type { BenchChannel } from './levels.ts';

/**
 * Creates a Telegram channel through tRPC, as an operator would (`channels.create`, DESIGN.md),
 * with its Bot API pointed at the bench's fake (token check now, contact enrichment later).
 */
export async function createTelegramChannel(baseUrl: string, adminToken: string, telegramBaseUrl: string): Promise<BenchChannel> {
  const secretToken = randomBytes(24).toString('hex');
  const settings = { botToken: `7000000001:${randomBytes(16).toString('hex')}`, secretToken, apiBaseUrl: telegramBaseUrl };
  const channel = await trpcMutation(baseUrl, adminToken, 'channels.create', { name: 'Bench Telegram', provider: 'telegram', source: 'bench_bot', settings });
  const id = (channel as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string') throw new Error(`channels.create answered no id: ${JSON.stringify(channel).slice(0, 300)}`);
  return { id, secretToken };
}
