import type { Section, SectionContext, SectionResult } from '../suite/section.ts';
import { loadAverage, round2 } from '../stats.ts';
import { readCases, type ReadCase } from './cases.ts';
import { openPgliteReads, openPostgresReads, type ReadsDatabase } from './database.ts';
import { comparePages, timeCase } from './measure.ts';
import { explainCase, recordStatements } from './plans.ts';
import { readsMarkdown, targetsOf, type CaseResult, type ReadsRun } from './report.ts';
import { FULL_SCALE, totalMessages, type SeedScale } from './seed.ts';
import { inProcessApi, type InProcessApi } from './service.ts';
import { population } from './workload.ts';

/**
 * The embedded database gets a tenth of the size: PGlite (WebAssembly, one connection)
 * seeds far slower than the server, and the suite must finish in minutes.
 */
export const PGLITE_SCALE: SeedScale = { ...FULL_SCALE, channels: 10, messages: 94_000, longChats: 20, longChatMessages: 3000 };

/** Issue 5, item 2: chats.list and chats.history on a seeded database, beside the hand-written SQL. */
export const readsSection: Section = (context) => readsOn(context, { postgres: true, pglite: true });

/** The section on some of its databases (PostgreSQL only when the context gives a server). */
export async function readsOn(context: SectionContext, on: { postgres: boolean; pglite: boolean }): Promise<SectionResult[]> {
  const results: SectionResult[] = [];
  if (on.postgres && context.databaseUrl) results.push(await runOn(await openPostgresReads(context.databaseUrl, FULL_SCALE, context.log), context));
  if (on.pglite) results.push(await runOn(await openPgliteReads(PGLITE_SCALE, context.log), context));
  return results;
}

async function runOn(db: ReadsDatabase, context: SectionContext): Promise<SectionResult> {
  const api = await inProcessApi(db.database);
  try {
    const people = await db.withRawClient(population);
    const cases = await readCases(api, people, Math.max(100, Math.round(60 * context.seconds)));
    const measured: CaseResult[] = [];
    for (const readCase of cases) {
      context.log(`reads on ${db.kind}: ${readCase.name}`);
      measured.push(await measureCase(db, api, readCase));
    }
    const version = await db.withRawClient(async (c) => String((await c.query('show server_version')).rows[0]?.server_version));
    const run: ReadsRun = { database: db.kind, databaseVersion: `PostgreSQL ${version}`, scale: db.scale, seedMs: round2(db.seedMs), scaleNote: scaleNoteOf(db.scale), loadAverage: loadAverage(), cases: measured };
    return { name: `reads-${db.kind}`, markdown: readsMarkdown(run), data: run, targets: targetsOf(run) };
  } finally {
    await api.close();
    await db.database.close();
  }
}

async function measureCase(db: ReadsDatabase, api: InProcessApi, readCase: ReadCase): Promise<CaseResult> {
  const { service, sql, sqlPrepared } = await timeCase(api, db.withRawClient, readCase);
  const pages = await comparePages(api, db.withRawClient, readCase);
  const statements = await recordStatements(api, readCase);
  const plans = await db.withRawClient((client) => explainCase(client, readCase, statements));
  const ratio = round2(service.call.p50 / sql.p50);
  const ratioPrepared = round2(service.call.p50 / sqlPrepared.p50);
  return { name: readCase.name, description: readCase.description, samples: readCase.samples.length, service, sql, sqlPrepared, ratio, ratioPrepared, pages, plans };
}

const scaleNoteOf = (scale: SeedScale): string | null => scale === FULL_SCALE ? null
  : `Smaller than the issue's 1 M messages: PGlite (WebAssembly) seeds about 10× slower than the server (${totalMessages(scale).toLocaleString('en')} messages took ~45 s here).`;
