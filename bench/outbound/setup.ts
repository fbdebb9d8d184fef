import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgents, createTelegramChannel, telegramPoster, telegramUpdate, trpc } from '../realtime/api.ts';
import { senderId } from '../realtime/service-target.ts';
import { startService, type ServiceProcess } from '../service-process.ts';
import { startFakeBotApi, type FakeBotApi } from './fake-bot-api.ts';

/** A chat an agent has accepted, and that agent's token. */
export interface AcceptedChat {
  readonly chatId: string;
  readonly agentToken: string;
}

/** The service with `chats` accepted chats of a Telegram channel whose Bot API is the local fake. */
export interface OutboundSetup {
  readonly service: ServiceProcess;
  readonly fake: FakeBotApi;
  readonly chats: readonly AcceptedChat[];
  close(): Promise<void>;
}

/** Starts the service and fake, opens `chats` chats by webhook, and has `agents` agents accept them in turn. */
export async function startOutbound(databaseUrl: string | undefined, chats: number, agents: number): Promise<OutboundSetup> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-bench-outbound-'));
  const adminToken = randomBytes(16).toString('hex');
  const fake = await startFakeBotApi();
  const cleanups: (() => Promise<unknown>)[] = [() => rm(dataDir, { recursive: true, force: true }), () => fake.close()];
  const close = async () => { for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {}); };
  try {
    const service = await startService({ dataDir, adminToken, databaseUrl, startTimeoutMs: 60_000 });
    cleanups.push(() => service.stop());
    const channel = await createTelegramChannel(service.baseUrl, adminToken, fake.baseUrl, fake.token);
    const poster = telegramPoster(service.baseUrl, channel, 4);
    for (let i = 0; i < chats; i++) {
      const ack = await poster.post(telegramUpdate(senderId(i), `hello ${i}`));
      if (ack.messageId === undefined) throw new Error(`webhook answered ${ack.status}: ${ack.body.slice(0, 200)}`);
    }
    poster.close();
    const waiting = await trpc<{ items: { id: string }[] }>(service.baseUrl, adminToken, 'chats.list', { status: 'new', queueId: channel.queueId, limit: 200 }, 'query');
    if (waiting.items.length !== chats) throw new Error(`expected ${chats} waiting chats, chats.list gave ${waiting.items.length}`);
    const team = await createAgents(service.baseUrl, adminToken, channel.queueId, agents);
    const accepted: AcceptedChat[] = [];
    for (const [index, chat] of waiting.items.entries()) {
      const agent = team[index % team.length]!;
      await trpc(service.baseUrl, agent.token, 'chats.accept', { chatId: chat.id });
      accepted.push({ chatId: chat.id, agentToken: agent.token });
    }
    return { service, fake, chats: accepted, close };
  } catch (error) {
    await close();
    throw error;
  }
}
