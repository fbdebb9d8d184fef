/**
 * Where a read's time goes, layer by layer, on the seeded PostgreSQL database: the hand-written SQL,
 * the service's own statement on the same plain connection, through MikroORM's `em.execute`, the
 * repository, the use case, and the tRPC procedure. `node --import tsx bench/reads/breakdown.ts`
 * (DATABASE_URL: the server holding the seeded database).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { chatHistory } from '../../application/chats/chat-history.ts';
import { listChats } from '../../application/chats/list-chats.ts';
import type { ChatId } from '../../domain/ids.ts';
import type { AgentId } from '../../domain/ids.ts';
import { chatListQuery, withLastMessage } from '../../adapters/persistence/chat-list-query.ts';
import { chatHistoryQuery } from '../../adapters/persistence/history-query.ts';
import { hashToken } from '../../adapters/security/tokens.ts';
import { latency } from './measure.ts';
import { historySql, mineSql, type SqlQuery } from './hand-sql.ts';
import { openPostgresReads } from './database.ts';
import { FULL_SCALE } from './seed.ts';
import { inProcessApi } from './service.ts';
import { pick, population, randomSource } from './workload.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 300);
const url = process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres';
const db = await openPostgresReads(url, FULL_SCALE, console.error);
const api = await inProcessApi(db.database);
const people = await db.withRawClient(population);
const random = randomSource(7);
const orm = db.database.orm;
const dollars = (sql: string) => { let n = 0; return sql.replace(/\?/g, () => `$${(n += 1)}`); };

async function time(label: string, run: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 30; i += 1) await run(i);
  const samples: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i += 1) {
    const t0 = performance.now();
    await run(i);
    samples.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / ROUNDS;
  const l = latency(samples);
  console.log(`${label.padEnd(36)} p50 ${l.p50.toFixed(2).padStart(6)}  mean ${l.mean.toFixed(2).padStart(6)}  this process's CPU per call ${cpuMs.toFixed(3)} ms`);
}

const raw = (q: SqlQuery) => db.withRawClient((c) => c.query(q.text, q.params));
const names = new Map<string, string>();
const nameOf = (text: string) => names.get(text) ?? (names.set(text, `hand_${names.size}`), `hand_${names.size - 1}`);
const prepared = (q: SqlQuery) => db.withRawClient((c) => c.query({ name: nameOf(q.text), text: q.text, values: q.params }));
const history = Array.from({ length: 50 }, () => {
  const chat = pick(random, people.longChats);
  const owner = people.agents.find((a) => a.id === chat.agentId)!;
  return { chat, owner };
});
const at = <T>(items: T[], i: number): T => items[i % items.length]!;
const viewerOf = (o: (typeof history)[number]['owner']) => ({ agentId: o.id as AgentId, role: 'agent' as const, queueIds: o.queueIds as never[] });

console.log('history first');
await time('hand-written SQL, plain pg', (i) => { const h = at(history, i); return raw(historySql(h.chat.id, { agentId: h.owner.id, queueIds: h.owner.queueIds })); });
await time('hand-written SQL, prepared', (i) => { const h = at(history, i); return prepared(historySql(h.chat.id, { agentId: h.owner.id, queueIds: h.owner.queueIds })); });
await time('service SQL, plain pg', (i) => { const q = chatHistoryQuery(at(history, i).chat.id as ChatId, { after: undefined, limit: 51 }); return raw({ text: dollars(q.sql), params: q.params }); });
await time('service SQL, prepared', (i) => { const q = chatHistoryQuery(at(history, i).chat.id as ChatId, { after: undefined, limit: 51 }); return prepared({ text: dollars(q.sql), params: q.params }); });
await time('service SQL, prepared, pool loan', (i) => { const q = chatHistoryQuery(at(history, i).chat.id as ChatId, { after: undefined, limit: 51 }); return db.withRawClient((c) => c.query({ name: nameOf(dollars(q.sql)), text: dollars(q.sql), values: q.params })); });
await time('service SQL, em.execute', (i) => { const q = chatHistoryQuery(at(history, i).chat.id as ChatId, { after: undefined, limit: 51 }); return orm.em.fork().execute(q.sql, q.params); });
await time('repository (transaction.read)', (i) => db.database.transaction.read(({ messages }) => messages.chatHistory(at(history, i).chat.id as ChatId, { after: undefined, limit: 51 })));
await time('use case', (i) => { const h = at(history, i); return chatHistory({ transaction: db.database.transaction }, viewerOf(h.owner), { chatId: h.chat.id as ChatId }); });
const contexts = await Promise.all(history.map((h) => api.contextFor(h.owner.token)));
await time('tRPC procedure', (i) => api.call(at(contexts, i), { token: '', procedure: 'history', input: { chatId: at(history, i).chat.id } }));
if (process.env.PROFILE) {
  // Only the procedure's loop, without the setup: BENCH reads of where the service's own time goes.
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  await time('tRPC procedure (profiled)', (i) => api.call(at(contexts, i), { token: '', procedure: 'history', input: { chatId: at(history, i).chat.id } }));
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(process.env.PROFILE, JSON.stringify(profile));
}
await time('token check', (i) => api.contextFor(at(history, i).owner.token));
await time('token: repository', (i) => db.database.transaction.read(({ agents }) => agents.findViewerByTokenHash(hashToken(at(history, i).owner.token))));

console.log('list mine');
const agents = people.agents;
await time('hand-written SQL, plain pg', (i) => raw(mineSql(at(agents, i).id)));
await time('hand-written SQL, prepared', (i) => prepared(mineSql(at(agents, i).id)));
await time('service SQL, plain pg', (i) => { const q = chatListQuery({ status: 'active', agentId: at(agents, i).id as AgentId }, { after: undefined, limit: 51 })!; return raw({ text: dollars(withLastMessage(q.sql)), params: q.params }); });
await time('service SQL, em.execute', (i) => { const q = chatListQuery({ status: 'active', agentId: at(agents, i).id as AgentId }, { after: undefined, limit: 51 })!; return orm.em.fork().execute(withLastMessage(q.sql), q.params); });
await time('use case', (i) => listChats({ transaction: db.database.transaction }, viewerOf(at(agents, i)), { mine: true, status: 'active' }));
const agentContexts = await Promise.all(agents.map((a) => api.contextFor(a.token)));
await time('tRPC procedure', (i) => api.call(at(agentContexts, i), { token: '', procedure: 'list', input: { mine: true, status: 'active' } }));
if (process.env.PROFILE_LIST) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  await time('tRPC procedure (profiled)', (i) => api.call(at(agentContexts, i), { token: '', procedure: 'list', input: { mine: true, status: 'active' } }));
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(process.env.PROFILE_LIST, JSON.stringify(profile));
}

await api.close();
await db.database.close();
