import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeBotApi, type FakeBotApi } from '../outbound/fake-bot-api.ts';
import { startService, type ServiceProcess } from '../service-process.ts';
import { createAgents, createTelegramChannel, telegramPoster, telegramUpdate, trpc, type TelegramChannel } from './api.ts';
import type { Arrivals, FanOutTarget } from './fan-out.ts';
import { openSse, type SseConnection } from './sse-client.ts';

/** The service as a child, a Telegram channel on a fake Bot API, and subscribers of `events` for it. */
export interface ServiceFanOut {
  readonly service: ServiceProcess;
  readonly target: FanOutTarget;
  readonly fake: FakeBotApi;
  readonly senders: number;
  close(): Promise<void>;
}

export interface ServiceFanOutOptions {
  readonly databaseUrl: string | undefined;
  readonly agents: number;
  readonly supervisors: number;
  readonly senders: number;
  readonly record: Arrivals;
  readonly log: (line: string) => void;
}

/** Starts everything; on failure stops what it started. */
export async function startServiceFanOut(options: ServiceFanOutOptions): Promise<ServiceFanOut> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-bench-realtime-'));
  const adminToken = randomBytes(16).toString('hex');
  const fake = await startFakeBotApi();
  const cleanups: (() => Promise<unknown>)[] = [() => rm(dataDir, { recursive: true, force: true }), () => fake.close()];
  const close = async () => { for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {}); };
  try {
    const service = await startService({ dataDir, adminToken, databaseUrl: options.databaseUrl, startTimeoutMs: 60_000 });
    cleanups.push(() => service.stop());
    const channel = await createTelegramChannel(service.baseUrl, adminToken, fake.baseUrl, fake.token);
    const tokens = await subscriberTokens(service.baseUrl, adminToken, channel, options);
    options.log(`${tokens.length} subscribers (${options.agents} agents of the channel's queue, ${options.supervisors} supervisors)`);
    const streams = await Promise.all(tokens.map((token, index) => subscribe(service.baseUrl, token, index, options.record)));
    cleanups.push(async () => { for (const stream of streams) stream.close(); });
    const poster = telegramPoster(service.baseUrl, channel);
    cleanups.push(async () => poster.close());
    const target: FanOutTarget = {
      subscribers: tokens.length,
      async post(seq) {
        const ack = await poster.post(telegramUpdate(senderId(seq % options.senders), `bench message ${seq}`));
        return { ...ack, failure: ack.messageId === undefined ? `status ${ack.status}` : undefined };
      },
    };
    return { service, target, fake, senders: options.senders, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Telegram user ids of the bench's senders. */
export const senderId = (index: number): number => 900_000_000 + index;

async function subscriberTokens(baseUrl: string, adminToken: string, channel: TelegramChannel, options: ServiceFanOutOptions): Promise<string[]> {
  const agents = await createAgents(baseUrl, adminToken, channel.queueId, options.agents);
  const supervisors: string[] = [];
  for (let i = 0; i < options.supervisors; i++) {
    const created = await trpc<{ token: string }>(baseUrl, adminToken, 'agents.create', { name: `Bench supervisor ${i}`, role: 'supervisor' });
    supervisors.push(created.token);
  }
  return [...agents.map((agent) => agent.token), ...supervisors];
}

/** One subscriber of `events`, as tRPC's SSE link opens it (the token as a Bearer header); reports message.received events. */
function subscribe(baseUrl: string, token: string, index: number, record: Arrivals): Promise<SseConnection> {
  return openSse(`${baseUrl}/trpc/events`, { authorization: `Bearer ${token}` }, (data, at) => {
    if (!data.includes('"message.received"')) return;
    const event = JSON.parse(data) as { type?: string; messageId?: string };
    if (event.type === 'message.received' && event.messageId) record(index, event.messageId, at);
  });
}
