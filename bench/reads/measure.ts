import { percentile, round2 } from '../stats.ts';
import type { ReadCase, ReadSample } from './cases.ts';
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

/** A case's figures: the service's, and the hand-written SQL's, plain and prepared. */
export interface CaseTimes {
  readonly service: ServiceTimes;
  /** As pg runs a query with parameters: parsed and planned each time. */
  readonly sql: Latency;
  /** As a named statement: parsed and planned once per connection, as the service's reads are. */
  readonly sqlPrepared: Latency;
}

type WithClient = <T>(work: (client: RawClient) => Promise<T>) => Promise<T>;

/**
 * Times every sample three ways, interleaved (the API call, then its SQL plain, then prepared), so a
 * change of load on this shared machine weighs on all three alike, not on whichever ran later. One
 * round over every sample warms up first (JIT, every pooled connection's plans and caches). The SQL
 * borrows the pool's connection per sample (PGlite has only one) and is timed inside the loan.
 */
export async function timeCase(api: InProcessApi, withClient: WithClient, readCase: ReadCase): Promise<CaseTimes> {
  const name = `bench_hand_${readCase.name.replaceAll(' ', '_')}`;
  const plain = ({ sql }: ReadSample) => withClient((c) => timed(() => c.query(sql.text, sql.params)));
  const prepared = ({ sql }: ReadSample) => withClient((c) => timed(() => c.query({ name: `${name}_${sql.params.length}`, text: sql.text, values: sql.params })));
  for (const sample of readCase.samples) {
    await timeCall(api, sample);
    await plain(sample);
    await prepared(sample);
  }
  const token: number[] = [], call: number[] = [], total: number[] = [], sql: number[] = [], sqlPrepared: number[] = [];
  for (const sample of readCase.samples) {
    const times = await timeCall(api, sample);
    token.push(times.token);
    call.push(times.call);
    total.push(times.token + times.call);
    sql.push(await plain(sample));
    sqlPrepared.push(await prepared(sample));
  }
  return { service: { token: latency(token), call: latency(call), total: latency(total) }, sql: latency(sql), sqlPrepared: latency(sqlPrepared) };
}

/** One API call as a request makes it: the token check, then the procedure. */
async function timeCall(api: InProcessApi, sample: ReadSample): Promise<{ token: number; call: number }> {
  const t0 = performance.now();
  const context = await api.contextFor(sample.call.token);
  const t1 = performance.now();
  await api.call(context, sample.call);
  return { token: t1 - t0, call: performance.now() - t1 };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
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
