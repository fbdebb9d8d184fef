import { percentile, round2 } from '../stats.ts';

/** One acknowledged (or refused) post: the id that its events carry, when it was sent and answered. */
export interface PostOutcome {
  readonly messageId: string | undefined;
  readonly sentAt: number;
  readonly ackAt: number;
  readonly failure?: string | undefined;
}

/** What is measured: posts that each should reach every subscriber as an event naming `messageId`. */
export interface FanOutTarget {
  readonly subscribers: number;
  /** Posts message number `seq`. */
  post(seq: number): Promise<PostOutcome>;
}

/** Called by subscriber `index` for each event naming a message, with its arrival time. */
export type Arrivals = (index: number, messageId: string, at: number) => void;

export interface FanOutPlan {
  readonly messages: number;
  readonly ratePerSecond: number;
  /** How long to wait after the last acknowledgement for events still on their way. */
  readonly tailMs: number;
}

export interface FanOutResult {
  readonly subscribers: number;
  readonly posted: number;
  readonly acknowledged: number;
  readonly failures: Record<string, number>;
  readonly ratePerSecond: number;
  readonly deliveries: number;
  /** Subscriber deliveries expected (acknowledged × subscribers) and never seen. */
  readonly lost: number;
  readonly duplicates: number;
  /** Event at the subscriber minus the acknowledgement at the poster (negative: the event came first). */
  readonly afterAck: Percentiles;
  /** Event at the subscriber minus the moment the post was sent. */
  readonly afterSend: Percentiles;
  readonly ack: Percentiles;
}

export interface Percentiles {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** A run: the subscribers report arrivals through `record`; posts go out at a steady rate (open loop). */
export function createFanOutRun(subscribers: number) {
  const arrivals = new Map<string, Float64Array>();
  let duplicates = 0;
  const slot = (messageId: string) => {
    let times = arrivals.get(messageId);
    if (!times) { times = new Float64Array(subscribers).fill(Number.NaN); arrivals.set(messageId, times); }
    return times;
  };
  const record: Arrivals = (index, messageId, at) => {
    const times = slot(messageId);
    if (!Number.isNaN(times[index]!)) duplicates++;
    else times[index] = at;
  };
  return { record, measure: (target: FanOutTarget, plan: FanOutPlan) => measure(target, plan, arrivals, () => duplicates) };
}

async function measure(target: FanOutTarget, plan: FanOutPlan, arrivals: Map<string, Float64Array>, duplicates: () => number): Promise<FanOutResult> {
  const duplicatesBefore = duplicates();
  const outcomes = await postSteadily(target, plan);
  const acked = outcomes.filter((o) => o.messageId !== undefined);
  const seen = () => acked.reduce((sum, o) => sum + countSeen(arrivals.get(o.messageId!)), 0);
  const deadline = performance.now() + plan.tailMs;
  while (seen() < acked.length * target.subscribers && performance.now() < deadline) await sleep(20);
  return summarise(target.subscribers, plan, outcomes, acked, arrivals, duplicates() - duplicatesBefore);
}

async function postSteadily(target: FanOutTarget, plan: FanOutPlan): Promise<PostOutcome[]> {
  const interval = 1000 / plan.ratePerSecond;
  const started = performance.now();
  const pending: Promise<PostOutcome>[] = [];
  for (let seq = 0; seq < plan.messages; seq++) {
    const wait = started + seq * interval - performance.now();
    if (wait > 0) await sleep(wait);
    const sentAt = performance.now();
    pending.push(target.post(seq).catch((error: unknown) => ({ messageId: undefined, sentAt, ackAt: Number.NaN, failure: String((error as Error).message ?? error).slice(0, 80) })));
  }
  return Promise.all(pending);
}

function summarise(subscribers: number, plan: FanOutPlan, outcomes: PostOutcome[], acked: PostOutcome[], arrivals: Map<string, Float64Array>, duplicates: number): FanOutResult {
  const afterAck: number[] = [];
  const afterSend: number[] = [];
  for (const outcome of acked) {
    for (const at of arrivals.get(outcome.messageId!) ?? []) {
      if (Number.isNaN(at)) continue;
      afterAck.push(at - outcome.ackAt);
      afterSend.push(at - outcome.sentAt);
    }
  }
  const failures: Record<string, number> = {};
  for (const outcome of outcomes) if (outcome.messageId === undefined) failures[outcome.failure ?? 'not acknowledged'] = (failures[outcome.failure ?? 'not acknowledged'] ?? 0) + 1;
  return {
    subscribers, posted: outcomes.length, acknowledged: acked.length, failures, ratePerSecond: plan.ratePerSecond,
    deliveries: afterAck.length, lost: acked.length * subscribers - afterAck.length, duplicates,
    afterAck: percentilesOf(afterAck), afterSend: percentilesOf(afterSend), ack: percentilesOf(acked.map((o) => o.ackAt - o.sentAt)),
  };
}

function percentilesOf(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  return { p50Ms: round2(percentile(sorted, 50)), p99Ms: round2(percentile(sorted, 99)), maxMs: round2(sorted[sorted.length - 1] ?? Number.NaN) };
}

const countSeen = (times: Float64Array | undefined): number => (times ? times.reduce((n, t) => (Number.isNaN(t) ? n : n + 1), 0) : 0);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
