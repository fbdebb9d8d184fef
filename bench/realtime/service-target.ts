import type { FakeBotApi } from '../outbound/fake-bot-api.ts';
import type { ServiceProcess } from '../service-process.ts';
import { startTelegramService } from '../suite/telegram-service.ts';
import { createAgents, telegramPoster, telegramUpdate, trpc, type TelegramChannel } from './api.ts';
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
  const started = await startTelegramService(options.databaseUrl, 'realtime');
  const { service, fake, channel, adminToken, close } = started;
  try {
    const tokens = await subscriberTokens(service.baseUrl, adminToken, channel, options);
    options.log(`${tokens.length} subscribers (${options.agents} agents of the channel's queue, ${options.supervisors} supervisors)`);
    const streams = await Promise.all(tokens.map((token, index) => subscribe(service.baseUrl, token, index, options.record)));
    started.onClose(async () => { for (const stream of streams) stream.close(); });
    const poster = telegramPoster(service.baseUrl, channel);
    started.onClose(async () => poster.close());
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
