import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { availableTestDatabaseKinds, useTestDatabase } from '../support/test-db.ts';
import { dataOf } from './requests.ts';
import { openWorkplace, type ChatView, type Session, type Workplace } from './workplace.ts';

const ROLES = ['agent', 'supervisor', 'admin', 'bootstrap', 'unauthenticated'] as const;
type Role = (typeof ROLES)[number];
type Outcome = 'OK' | 'FORBIDDEN';

/** What a case's input may be made of: the roles' sessions, a queue the agent serves and one it does not. */
interface Scene {
  readonly place: Workplace;
  readonly sessions: Record<Role, Session>;
  readonly agentIds: Record<'agent' | 'supervisor', string>;
  readonly mine: { queueId: string; post(sender: string): Promise<ChatView> };
  readonly other: { queueId: string; post(sender: string): Promise<ChatView> };
}

interface Case {
  readonly procedure: string;
  readonly mutation: boolean;
  /** Builds a fresh input (a new chat, a throwaway agent…) so each role acts on its own data. */
  readonly input: (scene: Scene) => Promise<unknown>;
  /** For agent, supervisor, admin and bootstrap; unauthenticated callers always get UNAUTHORIZED. */
  readonly expected: readonly [Outcome, Outcome, Outcome, Outcome];
}

const ADMINS: Case['expected'] = ['FORBIDDEN', 'FORBIDDEN', 'OK', 'OK'];
const ALL: Case['expected'] = ['OK', 'OK', 'OK', 'OK'];
const NOT_AGENT: Case['expected'] = ['FORBIDDEN', 'OK', 'OK', 'OK'];
const AGENTS: Case['expected'] = ['OK', 'OK', 'OK', 'FORBIDDEN'];
const unique = () => randomBytes(4).toString('hex');

async function throwaway(scene: Scene, what: 'agent' | 'queue'): Promise<string> {
  if (what === 'queue') return (await scene.place.createQueue('manual')).id;
  return (await scene.place.createAgent({})).agent.id!;
}

/** A chat of the queue the agent serves, accepted by `owner`. */
async function owned(scene: Scene, owner: 'agent' | 'supervisor'): Promise<ChatView> {
  const chat = await scene.mine.post(`owned-${unique()}`);
  dataOf(await scene.sessions[owner].mutation('chats.accept', { chatId: chat.id }));
  return chat;
}

const CASES: Case[] = [
  { procedure: 'agents.create', mutation: true, input: async () => ({ name: `New ${unique()}`, role: 'agent' }), expected: ADMINS },
  { procedure: 'agents.list', mutation: false, input: async () => undefined, expected: ADMINS },
  { procedure: 'agents.rotateToken', mutation: true, input: async (s) => ({ agentId: await throwaway(s, 'agent') }), expected: ADMINS },
  { procedure: 'agents.revokeToken', mutation: true, input: async (s) => ({ agentId: await throwaway(s, 'agent') }), expected: ADMINS },
  { procedure: 'operator.me', mutation: false, input: async () => undefined, expected: ALL },
  { procedure: 'operator.setStatus', mutation: true, input: async () => ({ status: 'busy' }), expected: AGENTS },
  { procedure: 'queues.create', mutation: true, input: async () => ({ name: `Q ${unique()}`, routing: 'manual' }), expected: ADMINS },
  { procedure: 'queues.list', mutation: false, input: async () => undefined, expected: ADMINS },
  { procedure: 'queues.setAgents', mutation: true, input: async (s) => ({ queueId: await throwaway(s, 'queue'), agentIds: [] }), expected: ADMINS },
  { procedure: 'queues.update', mutation: true, input: async (s) => ({ queueId: await throwaway(s, 'queue'), name: 'Renamed' }), expected: ADMINS },
  { procedure: 'chats.list', mutation: false, input: async () => ({}), expected: ALL },
  { procedure: 'chats.get', mutation: false, input: async (s) => ({ chatId: (await s.mine.post(`g-${unique()}`)).id }), expected: ALL },
  { procedure: 'chats.get', mutation: false, input: async (s) => ({ chatId: (await s.other.post(`h-${unique()}`)).id }), expected: NOT_AGENT },
  { procedure: 'chats.accept', mutation: true, input: async (s) => ({ chatId: (await s.mine.post(`a-${unique()}`)).id }), expected: AGENTS },
  { procedure: 'chats.accept', mutation: true, input: async (s) => ({ chatId: (await s.other.post(`b-${unique()}`)).id }), expected: ['FORBIDDEN', 'OK', 'OK', 'FORBIDDEN'] },
  { procedure: 'chats.transfer', mutation: true, input: async (s) => ({ chatId: (await owned(s, 'agent')).id, toQueueId: s.other.queueId }), expected: ALL },
  { procedure: 'chats.transfer', mutation: true, input: async (s) => ({ chatId: (await owned(s, 'supervisor')).id, toQueueId: s.other.queueId }), expected: NOT_AGENT },
  { procedure: 'chats.complete', mutation: true, input: async (s) => ({ chatId: (await owned(s, 'agent')).id }), expected: ALL },
  { procedure: 'chats.complete', mutation: true, input: async (s) => ({ chatId: (await owned(s, 'supervisor')).id }), expected: NOT_AGENT },
  { procedure: 'chats.markRead', mutation: true, input: async (s) => ({ chatId: (await s.mine.post(`r-${unique()}`)).id }), expected: ALL },
  { procedure: 'chats.markRead', mutation: true, input: async (s) => ({ chatId: (await s.other.post(`s-${unique()}`)).id }), expected: NOT_AGENT },
  { procedure: 'contacts.get', mutation: false, input: async (s) => ({ contactId: (await s.mine.post(`c-${unique()}`)).contactId }), expected: ALL },
  { procedure: 'contacts.get', mutation: false, input: async (s) => ({ contactId: (await s.other.post(`d-${unique()}`)).contactId }), expected: NOT_AGENT },
  { procedure: 'contacts.search', mutation: false, input: async () => ({ query: '' }), expected: ALL },
  { procedure: 'contacts.update', mutation: true, input: async (s) => ({ contactId: (await s.mine.post(`u-${unique()}`)).contactId, name: 'Named' }), expected: ALL },
  { procedure: 'contacts.update', mutation: true, input: async (s) => ({ contactId: (await s.other.post(`v-${unique()}`)).contactId, name: 'Named' }), expected: NOT_AGENT },
  {
    procedure: 'contacts.merge', mutation: true, expected: NOT_AGENT,
    input: async (s) => ({ targetContactId: (await s.mine.post(`t-${unique()}`)).contactId, sourceContactId: (await s.other.post(`m-${unique()}`)).contactId }),
  },
];

// Every procedure of agents, operator, queues, chats and contacts, for every kind of caller.
describe.each(availableTestDatabaseKinds())('permissions on %s', (kind) => {
  const db = useTestDatabase(kind);

  async function scene(): Promise<Scene> {
    const place = await openWorkplace(db);
    const [mineQueue, otherQueue] = [await place.createQueue('manual'), await place.createQueue('manual')];
    const agent = await place.createAgent({ role: 'agent', queueIds: [mineQueue.id], capacity: 50 });
    const supervisor = await place.createAgent({ role: 'supervisor', capacity: 50 });
    const admin = await place.createAgent({ role: 'admin', capacity: 50 });
    const sessions = { agent: agent.session, supervisor: supervisor.session, admin: admin.session, bootstrap: place.admin, unauthenticated: place.as(null) };
    const [mine, other] = [await place.channelInto(mineQueue.id), await place.channelInto(otherQueue.id)];
    return {
      place, sessions, agentIds: { agent: agent.agent.id!, supervisor: supervisor.agent.id! },
      mine: { queueId: mineQueue.id, post: mine.post }, other: { queueId: otherQueue.id, post: other.post },
    };
  }

  it.each(CASES.map((c) => [`${c.procedure} (${c.expected.join(', ')})`, c] as const))('%s', async (_name, testCase) => {
    const s = await scene();
    const outcomes: Record<string, string> = {};
    for (const role of ROLES) {
      const input = await testCase.input(s);
      const session = s.sessions[role];
      const answer = testCase.mutation ? await session.mutation(testCase.procedure, input) : await session.query(testCase.procedure, input);
      outcomes[role] = answer.status === 200 ? 'OK' : (answer.code ?? `HTTP ${answer.status}`);
    }
    expect(outcomes).toEqual({ ...Object.fromEntries(ROLES.slice(0, 4).map((role, i) => [role, testCase.expected[i]])), unauthenticated: 'UNAUTHORIZED' });
    expect(s.place.loggedErrors).toEqual([]);
  });
});
