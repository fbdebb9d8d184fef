import { Agent, request } from 'node:http';

/** Calls a tRPC mutation (POST) or query (GET) over plain JSON, as any language would; throws on an error answer. */
export async function trpc<T>(baseUrl: string, token: string, path: string, input?: unknown, kind: 'mutation' | 'query' = 'mutation'): Promise<T> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = kind === 'mutation'
    ? await fetch(`${baseUrl}/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) })
    : await fetch(`${baseUrl}/trpc/${path}${query}`, { headers });
  const text = await response.text();
  const body = JSON.parse(text) as { result?: { data?: T } };
  if (!response.ok || body.result === undefined) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return body.result.data as T;
}

/** A Telegram channel of the bench, pointed at a local fake Bot API. */
export interface TelegramChannel {
  readonly id: string;
  readonly queueId: string;
  readonly secretToken: string;
}

/** Creates a Telegram channel through `channels.create` (its own manual queue); no job of it ever calls the internet. */
export async function createTelegramChannel(baseUrl: string, adminToken: string, fakeBotApiUrl: string, botToken: string): Promise<TelegramChannel> {
  const secretToken = `bench-secret-${Date.now().toString(36)}`;
  const channel = await trpc<{ id: string; queueId: string }>(baseUrl, adminToken, 'channels.create', {
    name: 'Bench Telegram', provider: 'telegram', source: `bench_bot_${Date.now().toString(36)}`,
    settings: { botToken, secretToken, apiBaseUrl: fakeBotApiUrl },
  });
  return { id: channel.id, queueId: channel.queueId, secretToken };
}

/** Creates `count` agents of `queueId`; returns their ids and tokens. */
export async function createAgents(baseUrl: string, adminToken: string, queueId: string, count: number, capacity = 1000): Promise<{ id: string; token: string }[]> {
  const agents: { id: string; token: string }[] = [];
  for (let i = 0; i < count; i++) {
    const created = await trpc<{ agent: { id: string }; token: string }>(baseUrl, adminToken, 'agents.create', {
      name: `Bench agent ${i}`, role: 'agent', capacity, queueIds: [queueId],
    });
    agents.push({ id: created.agent.id, token: created.token });
  }
  return agents;
}

let updateId = 1;

/** A private-chat text `message` update, as Telegram posts it. @see https://core.telegram.org/bots/api#update */
export function telegramUpdate(userId: number, text: string): string {
  const id = updateId++;
  return JSON.stringify({
    update_id: id,
    message: {
      message_id: id, date: Math.floor(Date.now() / 1000), text,
      from: { id: userId, is_bot: false, first_name: `User${userId}` },
      chat: { id: userId, type: 'private', first_name: `User${userId}` },
    },
  });
}

/** What posting one webhook came to: the stored message's id (undefined when not acknowledged), and when. */
export interface WebhookAck {
  readonly status: number;
  readonly messageId: string | undefined;
  readonly sentAt: number;
  readonly ackAt: number;
  readonly body: string;
}

/** Posts Telegram webhooks over one keep-alive agent (node:http: light on the shared CPU). */
export function telegramPoster(baseUrl: string, channel: TelegramChannel, maxSockets = 16): { post(body: string): Promise<WebhookAck>; close(): void } {
  const url = new URL(`/webhooks/telegram/${channel.id}`, baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets });
  const post = (body: string) => new Promise<WebhookAck>((resolve, reject) => {
    const sentAt = performance.now();
    const req = request({
      agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': channel.secretToken },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => { text += chunk; }).on('end', () => {
        const ackAt = performance.now();
        resolve({ status: res.statusCode ?? 0, messageId: res.statusCode === 200 ? firstMessageId(text) : undefined, sentAt, ackAt, body: text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
  return { post, close: () => agent.destroy() };
}

function firstMessageId(text: string): string | undefined {
  const answer = JSON.parse(text) as { messages?: { id?: unknown; duplicate?: unknown }[] };
  const first = answer.messages?.[0];
  return typeof first?.id === 'string' && first.duplicate === false ? first.id : undefined;
}
