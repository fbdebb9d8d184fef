import { decodeCursor } from '../../application/pagination.ts';
import { historySql, mineSql, queueSql, statusSql, type SqlQuery } from './hand-sql.ts';
import type { ApiCall, InProcessApi } from './service.ts';
import { pick, randomSource, type BenchAgent, type Population } from './workload.ts';

/** One sample: what the agent asks the API, and the hand-written SQL for the same page. */
export interface ReadSample {
  readonly call: ApiCall;
  readonly sql: SqlQuery;
}

/** A measured read: its name, what it shows, and its samples. */
export interface ReadCase {
  readonly name: string;
  readonly description: string;
  readonly samples: ReadSample[];
}

/** How deep the later pages of history go (pages of 50). */
export const HISTORY_DEPTH = 40;

/** The five reads of the issue, `count` random samples each (deterministic: the same on every run). */
export async function readCases(api: InProcessApi, people: Population, count: number): Promise<ReadCase[]> {
  const random = randomSource(5);
  const times = <T>(make: () => T): T[] => Array.from({ length: count }, make);
  const ownerOf = (agentId: string): BenchAgent => people.agents.find((a) => a.id === agentId) ?? fail(`agent ${agentId} is not seeded`);
  const mine = times((): ReadSample => {
    const agent = pick(random, people.agents);
    return { call: { token: agent.token, procedure: 'list', input: { mine: true, status: 'active' } }, sql: mineSql(agent.id) };
  });
  const queue = times((): ReadSample => {
    const agent = pick(random, people.agents);
    const queueId = pick(random, agent.queueIds);
    return { call: { token: agent.token, procedure: 'list', input: { queueId, status: 'new' } }, sql: queueSql(queueId) };
  });
  const status = times((): ReadSample => {
    const supervisor = pick(random, people.supervisors);
    return { call: { token: supervisor.token, procedure: 'list', input: { status: 'active' } }, sql: statusSql('active') };
  });
  const first = times((): ReadSample => {
    const chat = pick(random, people.longChats);
    const owner = ownerOf(chat.agentId);
    return { call: { token: owner.token, procedure: 'history', input: { chatId: chat.id } }, sql: historySql(chat.id, { agentId: owner.id, queueIds: owner.queueIds }) };
  });
  const cursors = await historyCursors(api, people, ownerOf);
  const later = times((): ReadSample => {
    const { chatId, owner, cursor } = pick(random, cursors);
    const sql = historySql(chatId, { agentId: owner.id, queueIds: owner.queueIds }, decodeCursor(cursor));
    return { call: { token: owner.token, procedure: 'history', input: { chatId, cursor } }, sql };
  });
  return [
    { name: 'list mine', description: 'chats.list { mine, status: active } as an agent', samples: mine },
    { name: 'list queue', description: "chats.list { queueId, status: new } as an agent of the queue", samples: queue },
    { name: 'list status', description: 'chats.list { status: active } as a supervisor', samples: status },
    { name: 'history first', description: 'chats.history { chatId } of a long chat as its agent', samples: first },
    { name: 'history later', description: `chats.history { chatId, cursor } pages 2–${HISTORY_DEPTH} of a long chat`, samples: later },
  ];
}

interface HistoryCursor {
  readonly chatId: string;
  readonly owner: BenchAgent;
  readonly cursor: string;
}

/** Walks every long chat's history through the API for HISTORY_DEPTH pages, keeping the cursors it gave. */
async function historyCursors(api: InProcessApi, people: Population, ownerOf: (id: string) => BenchAgent): Promise<HistoryCursor[]> {
  const cursors: HistoryCursor[] = [];
  for (const chat of people.longChats) {
    const owner = ownerOf(chat.agentId);
    const context = await api.contextFor(owner.token);
    let cursor: string | null = null;
    for (let page = 1; page < HISTORY_DEPTH; page += 1) {
      const input: Record<string, unknown> = cursor ? { chatId: chat.id, cursor } : { chatId: chat.id };
      cursor = (await api.call(context, { token: owner.token, procedure: 'history', input })).nextCursor;
      if (!cursor) break;
      cursors.push({ chatId: chat.id, owner, cursor });
    }
  }
  if (cursors.length === 0) throw new Error('no long chat has a second page of history: the seed is too small');
  return cursors;
}

function fail(message: string): never {
  throw new Error(message);
}
