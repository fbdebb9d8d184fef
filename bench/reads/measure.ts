import { percentile, round2 } from '../stats.ts';
import type { ReadCase } from './cases.ts';
import type { RawClient } from './database.ts';
import { PAGE } from './hand-sql.ts';
import type { InProcessApi } from './service.ts';

/** p50/p99 of one series of latencies, in milliseconds. */
export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
}

/** The service's figures for one case: the token check a request makes, the procedure, both together. */
export interface ServiceTimes {
  readonly token: Latency;
  readonly call: Latency;
  readonly total: Latency;
}

export function latency(samples: number[]): Latency {
  const sorted = Float64Array.from(samples).sort();
  const mean = samples.reduce((sum, x) => sum + x, 0) / Math.max(1, samples.length);
  return { p50: round2(percentile(sorted, 50)), p99: round2(percentile(sorted, 99)), mean: round2(mean) };
}

/** Calls the API for every sample (after a warm-up round over all of them: JIT, and every pooled connection's caches), one at a time. */
export async function timeService(api: InProcessApi, readCase: ReadCase): Promise<ServiceTimes> {
  for (const sample of readCase.samples) await api.call(await api.contextFor(sample.call.token), sample.call);
  const token: number[] = [];
  const call: number[] = [];
  const total: number[] = [];
  for (const sample of readCase.samples) {
    const t0 = performance.now();
    const context = await api.contextFor(sample.call.token);
    const t1 = performance.now();
    await api.call(context, sample.call);
    const t2 = performance.now();
    token.push(t1 - t0);
    call.push(t2 - t1);
    total.push(t2 - t0);
  }
  return { token: latency(token), call: latency(call), total: latency(total) };
}

/**
 * Runs the hand-written SQL of every sample on a plain pg connection, one at a time (after a warm-up
 * round): as pg runs a query with parameters (parsed and planned each time), or `prepared` as a named
 * statement (parsed and planned once per connection, as the service's reads are).
 */
export async function timeSql(client: RawClient, readCase: ReadCase, prepared: boolean): Promise<Latency> {
  const name = `bench_hand_${readCase.name.replaceAll(' ', '_')}`;
  const run = ({ sql }: ReadCase['samples'][number]) =>
    (prepared ? client.query({ name: `${name}_${sql.params.length}`, text: sql.text, values: sql.params }) : client.query(sql.text, sql.params));
  for (const sample of readCase.samples) await run(sample);
  const times: number[] = [];
  for (const sample of readCase.samples) {
    const t0 = performance.now();
    await run(sample);
    times.push(performance.now() - t0);
  }
  return latency(times);
}

/** The ids of the service's page and of the SQL's (its first PAGE rows), for the first few samples. */
export interface PageCheck {
  readonly checked: number;
  readonly same: number;
  readonly firstDifference: { service: string[]; sql: string[] } | null;
}

/** Checks that the hand-written SQL answers the same page as the service (same rows, same order). */
export async function comparePages(api: InProcessApi, withClient: <T>(work: (c: RawClient) => Promise<T>) => Promise<T>, readCase: ReadCase, count = 10): Promise<PageCheck> {
  const samples = readCase.samples.slice(0, count);
  const service: string[][] = [];
  for (const sample of samples) service.push((await api.call(await api.contextFor(sample.call.token), sample.call)).items.map((i) => i.id));
  const sql = await withClient(async (client) => {
    const pages: string[][] = [];
    for (const sample of samples) pages.push((await client.query<{ id: string }>(sample.sql.text, sample.sql.params)).rows.slice(0, PAGE).map((r) => r.id));
    return pages;
  });
  const differing = service.findIndex((ids, i) => ids.join() !== sql[i]?.join());
  const same = service.filter((ids, i) => ids.join() === sql[i]?.join()).length;
  return { checked: samples.length, same, firstDifference: differing < 0 ? null : { service: service[differing] ?? [], sql: sql[differing] ?? [] } };
}
