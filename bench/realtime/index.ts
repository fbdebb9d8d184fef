import { processCpuMs } from '../cpu.ts';
import type { Section, SectionContext, SectionResult } from '../suite/section.ts';
import { loadAverage, round2 } from '../stats.ts';
import { startCeilingFanOut } from './ceiling-target.ts';
import { withScratchDatabase } from '../suite/scratch-database.ts';
import { createFanOutRun, type FanOutPlan, type FanOutResult, type FanOutTarget } from './fan-out.ts';
import { realtimeMarkdown, realtimeTargets } from './report.ts';
import { startServiceFanOut } from './service-target.ts';

/** The database the real-time section creates and drop on the PostgreSQL server they are given. */
const REALTIME_DATABASE = 'switchboard_bench_realtime';

const AGENTS = 90;
const SUPERVISORS = 10;
const SENDERS = 20;
/**
 * Webhooks per second: steady and below saturation (ingest measures saturation). Each one is 100
 * deliveries; at 20/s the fan-out alone (tRPC's SSE stream, ~0.3-0.5 ms CPU per delivery here) saturated the service.
 */
const RATE = 10;

/** What one database's run measured. */
export interface RealtimeRun {
  readonly database: 'pglite' | 'postgres';
  readonly service: FanOutResult;
  readonly warmupLost: number;
  readonly serviceCpuMsPerMessage: number;
  readonly ceiling: FanOutResult;
  readonly ceilingCpuMsPerMessage: number;
  readonly loadAverageAfter: number;
  readonly fakeBotApiCalls: Record<string, number>;
}

/**
 * Issue 5, suite item 3: webhook acknowledged → `message.received` at each of 100 subscribed SSE
 * clients, beside the same clients on a server that only pushes (the transport's own latency).
 */
export const realtimeSection: Section = async (context) => {
  const results: SectionResult[] = [await measureOn('pglite', undefined, context)];
  if (context.databaseUrl) {
    results.push(await withScratchDatabase(context.databaseUrl, REALTIME_DATABASE, (url) => measureOn('postgres', url, context)));
  }
  return results;
};

async function measureOn(database: RealtimeRun['database'], databaseUrl: string | undefined, context: SectionContext): Promise<SectionResult> {
  const plan: FanOutPlan = { messages: Math.round(RATE * context.seconds * 3), ratePerSecond: RATE, tailMs: 10_000 };
  context.log(`realtime (${database}): starting the service, ${AGENTS + SUPERVISORS} subscribers`);
  const run = await measureService(databaseUrl, plan, context);
  context.log(`realtime (${database}): event − ack p50 ${run.service.afterAck.p50Ms} ms, p99 ${run.service.afterAck.p99Ms} ms, lost ${run.service.lost}; ceiling next`);
  const ceiling = await measureCeiling(plan);
  context.log(`realtime ceiling: event − ack p50 ${ceiling.result.afterAck.p50Ms} ms, p99 ${ceiling.result.afterAck.p99Ms} ms`);
  const result: RealtimeRun = { database, ...run, ceiling: ceiling.result, ceilingCpuMsPerMessage: ceiling.cpuMsPerMessage, loadAverageAfter: loadAverage() };
  return { name: `realtime-${database}`, markdown: realtimeMarkdown(result), data: result, targets: realtimeTargets(result) };
}

type ServiceMeasure = Pick<RealtimeRun, 'service' | 'warmupLost' | 'serviceCpuMsPerMessage' | 'fakeBotApiCalls'>;

async function measureService(databaseUrl: string | undefined, plan: FanOutPlan, context: SectionContext): Promise<ServiceMeasure> {
  const run = createFanOutRun(AGENTS + SUPERVISORS);
  const setup = await startServiceFanOut({ databaseUrl, agents: AGENTS, supervisors: SUPERVISORS, senders: SENDERS, record: run.record, log: context.log });
  try {
    const warmup = await run.measure(setup.target, warmPlan(plan));
    const before = processCpuMs(setup.service.pid);
    const service = await run.measure(offset(setup.target, 1_000_000), plan);
    const serviceCpuMsPerMessage = round2((processCpuMs(setup.service.pid) - before) / Math.max(1, service.acknowledged));
    return { service, warmupLost: warmup.lost, serviceCpuMsPerMessage, fakeBotApiCalls: Object.fromEntries(setup.fake.calls) };
  } finally {
    await setup.close();
  }
}

/**
 * First messages of every sender (their chats are created), then a short burst at the measured rate,
 * so code paths are compiled; its losses show whether every subscriber was registered in time.
 */
const warmPlan = (plan: FanOutPlan): FanOutPlan => ({ ...plan, messages: Math.min(plan.messages, SENDERS + 40) });

/** Measured posts get sequence numbers apart from the warm-up's, so each message is new. */
const offset = (target: FanOutTarget, by: number): FanOutTarget => ({ subscribers: target.subscribers, post: (seq) => target.post(seq + by) });

async function measureCeiling(plan: FanOutPlan): Promise<{ result: FanOutResult; cpuMsPerMessage: number }> {
  const run = createFanOutRun(AGENTS + SUPERVISORS);
  const ceiling = await startCeilingFanOut(AGENTS + SUPERVISORS, run.record);
  try {
    await run.measure(ceiling.target, warmPlan(plan));
    const before = processCpuMs(ceiling.pid);
    const result = await run.measure(offset(ceiling.target, 1_000_000), plan);
    return { result, cpuMsPerMessage: round2((processCpuMs(ceiling.pid) - before) / Math.max(1, result.acknowledged)) };
  } finally {
    await ceiling.close();
  }
}
