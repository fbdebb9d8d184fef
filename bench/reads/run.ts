/**
 * Runs the reads section alone: `node --import tsx bench/reads/run.ts`
 * (DATABASE_URL for the PostgreSQL part, BENCH_SECONDS scales the samples, READS_ONLY=postgres|pglite).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { SectionContext } from '../suite/section.ts';
import { readsOn } from './index.ts';

const RESULTS_DIR = resolve(import.meta.dirname, '..', 'results');

async function main(): Promise<void> {
  const only = process.env.READS_ONLY;
  const context: SectionContext = {
    databaseUrl: process.env.DATABASE_URL,
    seconds: Number(process.env.BENCH_SECONDS ?? 5),
    log: (line) => console.error(line),
  };
  const results = await readsOn(context, { postgres: only !== 'pglite', pglite: only !== 'postgres' });
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
  await mkdir(RESULTS_DIR, { recursive: true });
  for (const result of results) {
    console.log(result.markdown);
    for (const target of result.targets) console.log(`${target.met ? 'met    ' : 'NOT MET'}  ${target.name}: ${target.measured} (${target.target})`);
    await writeFile(join(RESULTS_DIR, `${result.name}-${stamp}.json`), JSON.stringify(result, null, 2));
    await writeFile(join(RESULTS_DIR, `${result.name}-${stamp}.md`), result.markdown);
  }
}

await main();
