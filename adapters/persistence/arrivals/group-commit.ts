import type { Arrival, ArrivalOutcome, ArrivalStore } from '../../../application/ports/arrival-store.ts';

/** How concurrent calls are merged. */
export interface GroupCommitOptions {
  /** Most arrivals stored by one underlying call. */
  readonly maxBatch: number;
  /** Underlying calls running at once; calls arriving meanwhile wait and go together in the next one. */
  readonly concurrency: number;
}

interface Waiting {
  readonly arrivals: readonly Arrival[];
  resolve(outcomes: ArrivalOutcome[]): void;
  reject(error: unknown): void;
}

/**
 * Group commit: calls made while the store is busy are stored together by its next call, so N
 * concurrent webhooks cost one commit instead of N. No timer: a call finding the store idle goes at
 * once, so a lone webhook waits for nothing. Each caller still gets its own outcomes; when a merged
 * call fails, its callers are tried one by one, so a bad arrival fails only its own webhook.
 */
export function groupCommitted(store: ArrivalStore, options: GroupCommitOptions): ArrivalStore {
  const waiting: Waiting[] = [];
  let running = 0;

  async function drain(): Promise<void> {
    running += 1;
    try {
      while (waiting.length > 0) await storeTogether(store, takeBatch(waiting, options.maxBatch));
    } finally {
      running -= 1;
    }
  }

  return {
    store(arrivals) {
      return new Promise<ArrivalOutcome[]>((resolve, reject) => {
        waiting.push({ arrivals, resolve, reject });
        if (running < options.concurrency) void drain();
      });
    },
  };
}

/** The oldest waiting calls, up to `max` arrivals (always at least one call). */
function takeBatch(waiting: Waiting[], max: number): Waiting[] {
  let count = 0;
  let calls = 0;
  while (calls < waiting.length && (calls === 0 || count + waiting[calls]!.arrivals.length <= max)) {
    count += waiting[calls]!.arrivals.length;
    calls += 1;
  }
  return waiting.splice(0, calls);
}

async function storeTogether(store: ArrivalStore, batch: readonly Waiting[]): Promise<void> {
  try {
    const outcomes = await store.store(batch.flatMap((call) => call.arrivals));
    let offset = 0;
    for (const call of batch) {
      call.resolve(outcomes.slice(offset, offset + call.arrivals.length));
      offset += call.arrivals.length;
    }
  } catch (error) {
    if (batch.length === 1) return batch[0]!.reject(error);
    for (const call of batch) await storeTogether(store, [call]);
  }
}
