import { ofetch } from 'ofetch';
import { createSwitchboardClient } from '../../client/index.ts';
import { percentile, round2 } from '../stats.ts';
import type { Arrival } from './fake-bot-api.ts';
import type { AcceptedChat } from './setup.ts';

/** One send: which chat (index) and its place in the chat (1-based), and when the call started and returned. */
interface Send {
  readonly chat: number;
  readonly seq: number;
  readonly calledAt: number;
  acceptedAt: number;
  failure: string | undefined;
}

/** What a run of sends came to. */
export interface SendResult {
  readonly sends: number;
  readonly concurrency: number;
  readonly accepted: number;
  readonly failures: Record<string, number>;
  readonly acceptedPerSecond: number;
  readonly delivered: number;
  readonly deliveredPerSecond: number;
  /** Call → answered (the send accepted; for the ceiling, the fake's answer). */
  readonly callP50Ms: number;
  readonly callP99Ms: number;
  /** Call → the fake received it. */
  readonly deliveryP50Ms: number;
  readonly deliveryP99Ms: number;
  readonly deliveryMaxMs: number;
  readonly lost: number;
  readonly doubled: number;
  /** Chats whose messages reached the fake out of their send order. */
  readonly chatsOutOfOrder: number;
}

/** The text of message `seq` of chat `chat`: the fake reads both back from it. */
const textOf = (chat: number, seq: number) => `bench chat ${chat} seq ${seq}`;
const TEXT = /^bench chat (\d+) seq (\d+)$/;

/** A send of message `seq` to chat `chat`; resolves when the call is answered. */
export type SendCall = (chat: number, seq: number, text: string) => Promise<void>;

/**
 * `concurrency` workers, each owning every concurrency-th chat and sending its messages in rounds
 * (seq 1 to each of its chats, then seq 2, ...); a chat's next send starts after its previous one was
 * answered, so its send order is known. Waits until every accepted send reached the fake, or `tailMs` without progress.
 */
export async function runSends(call: SendCall, arrivals: Arrival[], chats: number, perChat: number, concurrency: number, tailMs: number): Promise<SendResult> {
  const firstArrival = arrivals.length;
  const sends: Send[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    for (let seq = 1; seq <= perChat; seq++) {
      for (let chat = worker; chat < chats; chat += concurrency) {
        const send: Send = { chat, seq, calledAt: performance.now(), acceptedAt: Number.NaN, failure: undefined };
        sends.push(send);
        await call(chat, seq, textOf(chat, seq)).then(() => { send.acceptedAt = performance.now(); }, (error: unknown) => { send.failure = labelOf(error); });
      }
    }
  }));
  const acceptedDone = performance.now();
  const accepted = sends.filter((s) => s.failure === undefined).length;
  await waitForArrivals(arrivals, firstArrival, accepted, tailMs);
  return summarise(sends, arrivals.slice(firstArrival), { concurrency, started, acceptedDone });
}

async function waitForArrivals(arrivals: Arrival[], first: number, expected: number, tailMs: number): Promise<void> {
  let seen = arrivals.length;
  let progressAt = performance.now();
  while (arrivals.length - first < expected && performance.now() - progressAt < tailMs) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (arrivals.length !== seen) { seen = arrivals.length; progressAt = performance.now(); }
  }
}

function summarise(sends: Send[], arrivals: Arrival[], run: { concurrency: number; started: number; acceptedDone: number }): SendResult {
  const byKey = new Map(sends.map((s) => [`${s.chat}/${s.seq}`, s]));
  const received = new Map<string, number>();
  const orderByChat = new Map<number, number[]>();
  const delivery: number[] = [];
  for (const arrival of arrivals) {
    const match = TEXT.exec(arrival.text);
    if (!match) continue;
    const key = `${match[1]}/${match[2]}`;
    received.set(key, (received.get(key) ?? 0) + 1);
    const send = byKey.get(key);
    if (send && received.get(key) === 1) delivery.push(arrival.at - send.calledAt);
    const order = orderByChat.get(Number(match[1])) ?? [];
    order.push(Number(match[2]));
    orderByChat.set(Number(match[1]), order);
  }
  const ok = sends.filter((s) => s.failure === undefined);
  const failures: Record<string, number> = {};
  for (const s of sends) if (s.failure !== undefined) failures[s.failure] = (failures[s.failure] ?? 0) + 1;
  const lastArrival = arrivals.at(-1)?.at ?? Number.NaN;
  const calls = Float64Array.from(ok.map((s) => s.acceptedAt - s.calledAt)).sort();
  const deliveries = Float64Array.from(delivery).sort();
  return {
    sends: sends.length, concurrency: run.concurrency, accepted: ok.length, failures,
    acceptedPerSecond: Math.round((ok.length * 1000) / (run.acceptedDone - run.started)),
    delivered: delivery.length,
    deliveredPerSecond: Math.round((delivery.length * 1000) / (lastArrival - run.started)),
    callP50Ms: round2(percentile(calls, 50)), callP99Ms: round2(percentile(calls, 99)),
    deliveryP50Ms: round2(percentile(deliveries, 50)), deliveryP99Ms: round2(percentile(deliveries, 99)),
    deliveryMaxMs: round2(deliveries[deliveries.length - 1] ?? Number.NaN),
    lost: ok.filter((s) => !received.has(`${s.chat}/${s.seq}`)).length,
    doubled: [...received.values()].filter((n) => n > 1).length,
    chatsOutOfOrder: [...orderByChat.values()].filter((order) => order.some((seq, i) => seq !== i + 1)).length,
  };
}

/** Sends through the service: `messages.send` with the typed tRPC client (HTTP batch link), as each chat's agent. */
export function serviceSendCall(baseUrl: string, chats: readonly AcceptedChat[]): SendCall {
  const clients = new Map<string, ReturnType<typeof createSwitchboardClient>>();
  const clientOf = (token: string) => {
    let client = clients.get(token);
    if (!client) { client = createSwitchboardClient({ url: baseUrl, token }); clients.set(token, client); }
    return client;
  };
  return async (chat, _seq, text) => {
    const target = chats[chat];
    if (!target) throw new Error(`no chat ${chat}`);
    await clientOf(target.agentToken).messages.send.mutate({ chatId: target.chatId, text });
  };
}

/** The ceiling: the same sendMessage straight to the fake with ofetch, as the service's Telegram client makes it. */
export function directSendCall(fakeBaseUrl: string, token: string): SendCall {
  const api = ofetch.create({ baseURL: `${fakeBaseUrl}/bot${token}`, retry: 0, timeout: 15_000 });
  return async (chat, _seq, text) => {
    await api('sendMessage', { method: 'POST', body: { chat_id: 900_000_000 + chat, text } });
  };
}

function labelOf(error: unknown): string {
  const code = (error as { data?: { code?: unknown } }).data?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message.slice(0, 80) : String(error);
}
