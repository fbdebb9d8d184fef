/**
 * Profiles one read in a loop, for `node --cpu-prof`: `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx
 * bench/reads/profile.ts "history first"` (DATABASE_URL: the server holding the seeded database).
 */
import { readCases } from './cases.ts';
import { openPostgresReads } from './database.ts';
import { FULL_SCALE } from './seed.ts';
import { inProcessApi } from './service.ts';
import { population } from './workload.ts';

const url = process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres';
const db = await openPostgresReads(url, FULL_SCALE, console.error);
const api = await inProcessApi(db.database);
const cases = await readCases(api, await db.withRawClient(population), 300);
const chosen = cases.find((c) => c.name === (process.argv[2] ?? 'history first')) ?? cases[0]!;
const started = performance.now();
for (let round = 0; round < 3; round += 1) {
  for (const sample of chosen.samples) await api.call(await api.contextFor(sample.call.token), sample.call);
}
console.error(`${chosen.name}: ${((performance.now() - started) / (3 * chosen.samples.length)).toFixed(2)} ms per call`);
await api.close();
await db.database.close();
