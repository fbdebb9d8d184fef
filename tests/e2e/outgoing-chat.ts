import { expect, onTestFinished } from 'vitest';
import type { QueueId } from '../../domain/ids.ts';
import { Agent, type AgentRole } from '../../domain/agent.ts';
import { hashToken, newApiToken } from '../../adapters/security/tokens.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { startFakeCustomEndpoint, type FakeCustomEndpoint } from '../support/fake-custom-endpoint.ts';
import { createTestApp } from '../support/test-app.ts';
import type { TestDatabase } from '../support/test-db.ts';
import { clientOf, createCustomChannel, customMessage, dataOf, newSecret, type Client, type TrpcAnswer } from './requests.ts';

/** A message as `messages.send` and `chats.history` show it (the fields these tests read). */
export interface OutgoingView {
  id: string; chatId: string; direction: string; type: string; text: string; status: string | null;
  externalId: string | null; error: string | null;
  attachments: { type: string; mimeType: string; fileName: string; fileSize: number; sourceRef: string | null; fileId: string | null }[];
}
interface Page<T> { items: T[]; nextCursor: string | null }

/** What a custom channel's receiver got: the texts of the messages, in arrival order. */
export const textsReceived = (endpoint: FakeCustomEndpoint): string[] => endpoint.received.map((r) => (r.json as { message: string }).message);

/**
 * A test app on `db` with a custom channel whose outbound URL is a fake receiver, and the chat a
 * customer ("alice") opened on it: `send` calls `messages.send` on that chat, `outgoing` reads its
 * outgoing messages back (oldest first). Closed after the test.
 */
export async function withOutgoingChat(db: TestDatabase, existing?: { secret: string; endpoint: FakeCustomEndpoint }) {
  const test = await createTestApp(db);
  const secret = existing?.secret ?? newSecret();
  const endpoint = existing?.endpoint ?? await startFakeCustomEndpoint(secret);
  onTestFinished(async () => { await test.close(); if (!existing) await endpoint.close(); });
  const client = clientOf(test.app);
  const channel = await createCustomChannel(client, { secret, outboundUrl: endpoint.outboundUrl });
  expect((await client.webhook(channel.id, customMessage({ sender: 'alice', message: 'Hi, anyone?' }), { secret })).status).toBe(200);
  const [chat] = dataOf<Page<{ id: string; queueId: string }>>(await client.query('chats.list', {})).items;
  const chatId = chat!.id;
  const send = (input: Record<string, unknown>, token?: string | null): Promise<TrpcAnswer> => client.mutation('messages.send', { chatId, ...input }, token);
  const sent = async (input: Record<string, unknown>) => dataOf<OutgoingView>(await send(input));
  return { ...test, client, secret, endpoint, channel, chatId, queueId: chat!.queueId, send, sent, outgoing: () => outgoingOf(client, chatId) };
}

/** The outgoing messages of a chat, oldest first. */
export async function outgoingOf(client: Client, chatId: string): Promise<OutgoingView[]> {
  const page = dataOf<Page<OutgoingView>>(await client.query('chats.history', { chatId, limit: 200 }));
  return page.items.filter((m) => m.direction === 'outgoing').reverse();
}

/** Stores an agent of `role` serving `queueIds`, as agents.create would; returns its API token. */
export async function agentToken(db: TestDatabase, role: AgentRole, queueIds: readonly string[] = []): Promise<string> {
  const token = newApiToken();
  const agent = new Agent({ id: uuidIds.next(), name: `An ${role}`, role, capacity: 5, createdAt: new Date() });
  agent.tokenHash = hashToken(token);
  await db.transaction.run(async ({ agents }) => {
    await agents.save(agent);
    for (const queueId of queueIds) await agents.setQueueAgents(queueId as QueueId, [agent.id]);
  });
  return token;
}
