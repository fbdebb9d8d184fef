import { createAgents, telegramPoster, telegramUpdate, trpc } from '../realtime/api.ts';
import { senderId } from '../realtime/service-target.ts';
import type { ServiceProcess } from '../service-process.ts';
import { startTelegramService } from '../suite/telegram-service.ts';
import type { FakeBotApi } from './fake-bot-api.ts';

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
  const started = await startTelegramService(databaseUrl, 'outbound');
  const { service, fake, channel, adminToken, close } = started;
  try {
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
