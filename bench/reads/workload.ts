import type { RawClient } from './database.ts';
import { agentToken } from './seed.ts';

/** A seeded agent, with the token the service knows it by. */
export interface BenchAgent {
  readonly id: string;
  readonly token: string;
  readonly role: string;
  readonly queueIds: string[];
}

/** A chat with a long history, and the agent it is assigned to (who may read it). */
export interface LongChat {
  readonly id: string;
  readonly agentId: string;
}

/** Who and what the samples pick from. */
export interface Population {
  readonly agents: BenchAgent[];
  readonly supervisors: BenchAgent[];
  readonly longChats: LongChat[];
}

/** Reads the seeded agents, their queues and the long chats back from the database. */
export async function population(client: RawClient): Promise<Population> {
  const rows = (await client.query<{ id: string; name: string; role: string; queue_ids: string[] | null }>(
    `select a.id, a.name, a.role, array_agg(qa.queue_id order by qa.queue_id) filter (where qa.queue_id is not null) as queue_ids
     from agent a left join queue_agent qa on qa.agent_id = a.id group by a.id order by a.name`)).rows;
  const all = rows.map((row): BenchAgent => ({
    id: row.id, role: row.role, queueIds: row.queue_ids ?? [], token: agentToken(Number(row.name.replace('Agent ', ''))),
  }));
  const longChats = (await client.query<{ id: string; agent_id: string }>(
    `select c.id, c.agent_id from chat c where c.status = 'active' and c.agent_id is not null
       and (select count(*) from message m where m.chat_id = c.id) > 500 order by c.id`)).rows;
  return {
    agents: all.filter((a) => a.role === 'agent'),
    supervisors: all.filter((a) => a.role === 'supervisor'),
    longChats: longChats.map((row) => ({ id: row.id, agentId: row.agent_id })),
  };
}

/** A small deterministic PRNG (mulberry32), so two runs sample the same agents and chats. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of `items`, at random. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from: the seed is empty');
  return item;
}
