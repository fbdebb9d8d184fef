import { randomBytes } from 'node:crypto';
import { expect, onTestFinished } from 'vitest';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.ts';
import type { TestDatabase } from '../support/test-db.ts';
import { clientOf, customMessage, dataOf, newSecret, type Client, type TrpcAnswer } from './requests.ts';

/** An agent as the API shows it. */
export interface AgentView {
  id: string | null; name: string; role: string; status: string; capacity: number; queueIds: string[]; activeChats: number;
}
/** A queue as the API shows it. */
export interface QueueView { id: string; name: string; routing: string; offlinePolicy: string; agentIds: string[] }
/** A chat as the API shows it (the fields these tests read). */
export interface ChatView {
  id: string; contactId: string; queueId: string; agentId: string | null; status: string; unreadCount: number;
  lastMessage: { text: string; type: string; direction: string; sentAt: string } | null;
}
/** A page of a list. */
export interface Page<T> { items: T[]; nextCursor: string | null }

/** Calls the API with one bearer token (null: none). */
export interface Session {
  readonly token: string | null;
  query(procedure: string, input?: unknown): Promise<TrpcAnswer>;
  mutation(procedure: string, input: unknown): Promise<TrpcAnswer>;
}

/** The real app on `db` over HTTP, with helpers to set up queues, agents and channels through the API as the bootstrap admin. */
export interface Workplace extends TestApp {
  readonly client: Client;
  readonly admin: Session;
  as(token: string | null): Session;
  createQueue(routing: 'manual' | 'auto', offlinePolicy?: 'stay' | 'requeue'): Promise<QueueView>;
  createAgent(input: { role?: string; capacity?: number; queueIds?: string[]; name?: string }): Promise<{ agent: AgentView; token: string; session: Session }>;
  /** A custom channel feeding the queue; `post` sends a signed message from a sender, runs due jobs (routing), and returns the chat it landed in. */
  channelInto(queueId: string): Promise<{ channelId: string; post(sender: string, text?: string): Promise<ChatView> }>;
}

/** Opens the workplace for one test (the app is closed when the test finishes). */
export async function openWorkplace(db: TestDatabase): Promise<Workplace> {
  const test = await createTestApp(db);
  onTestFinished(() => test.close());
  const client = clientOf(test.app);
  const as = (token: string | null): Session => ({
    token, query: (p, input) => client.query(p, input, token), mutation: (p, input) => client.mutation(p, input, token),
  });
  const admin = as(ADMIN_TOKEN);
  return {
    ...test, client, admin, as,
    async createQueue(routing, offlinePolicy) {
      return dataOf<QueueView>(await admin.mutation('queues.create', { name: `Queue ${randomBytes(3).toString('hex')}`, routing, offlinePolicy }));
    },
    async createAgent({ role = 'agent', capacity, queueIds, name = `Agent ${randomBytes(3).toString('hex')}` }) {
      const created = dataOf<{ agent: AgentView; token: string }>(await admin.mutation('agents.create', { name, role, capacity, queueIds }));
      return { ...created, session: as(created.token) };
    },
    async channelInto(queueId) {
      const secret = newSecret();
      const source = `src-${randomBytes(4).toString('hex')}`;
      const channel = dataOf<{ id: string }>(await admin.mutation('channels.create', { name: `Channel ${source}`, provider: 'custom', source, queueId, settings: { secret } }));
      const post = async (sender: string, text = 'hello') => {
        const answer = await client.webhook(channel.id, customMessage({ sender, message: text }), { secret });
        expect(answer.status, answer.text).toBe(200);
        // A new chat is routed by a job after the acknowledgement; the service's worker runs it at once.
        await test.runDueJobs();
        return openChatOf(admin, sender);
      };
      return { channelId: channel.id, post };
    },
  };
}

/** The open chat of the contact behind this sender's messenger id. */
async function openChatOf(admin: Session, sender: string): Promise<ChatView> {
  const contacts = dataOf<Page<{ id: string; identities: { externalId: string }[] }>>(await admin.query('contacts.search', { query: sender }));
  const contact = contacts.items.find((c) => c.identities.some((i) => i.externalId === sender));
  const chats = dataOf<Page<ChatView>>(await admin.query('chats.list', { contactId: contact?.id, limit: 200 }));
  const open = chats.items.find((c) => c.status !== 'completed');
  if (!open) throw new Error(`no open chat of ${sender}`);
  return open;
}
