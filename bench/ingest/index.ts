import type { Section, SectionResult } from '../suite/section.ts';
import { runOnDatabase } from './database-run.ts';
import { ingestResult, unmeasuredResult } from './report.ts';
import type { DatabaseKind } from './resources.ts';
import { ingestSettings } from './settings.ts';

/**
 * Issue 5, suite item 1: Telegram webhooks over real HTTP to the service on the embedded database
 * and on real PostgreSQL (when given), each beside its raw `pg` ceiling and the HTTP ceiling,
 * then an open-loop level at half the max load, then a check that every acknowledged message is
 * stored exactly once. One result per database; a database that fails or is not given is reported
 * with its targets unmet, and the other still runs.
 */
export const ingestSection: Section = async (context) => {
  const settings = ingestSettings(context.seconds);
  const results: SectionResult[] = [];
  const kinds: DatabaseKind[] = ['pglite', 'postgres'];
  for (const kind of kinds) {
    if (kind === 'postgres' && !context.databaseUrl) {
      results.push(unmeasuredResult(kind, settings, 'no PostgreSQL server given (BENCH_DATABASE_URL or DATABASE_URL)'));
      continue;
    }
    context.log(`on ${kind === 'postgres' ? 'PostgreSQL' : 'the embedded database'}`);
    try {
      const run = await runOnDatabase({ kind, serverUrl: context.databaseUrl, settings, log: context.log });
      results.push(ingestResult(run, settings));
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      context.log(`FAILED on ${kind}: ${message}`);
      results.push(unmeasuredResult(kind, settings, `the run failed: ${firstLine(message)}`, message));
    }
  }
  return results;
};

const firstLine = (text: string): string => (text.split('\n')[0] ?? '').slice(0, 160);
