import { describe, expect, it } from 'vitest';
import type { Arrival, ArrivalOutcome, ArrivalStore } from '../../application/ports/arrival-store.ts';
import { groupCommitted } from '../../adapters/persistence/arrivals/group-commit.ts';

/** Arrivals stand-ins: only their identity matters to group commit. */
const arrival = (name: string) => ({ name }) as unknown as Arrival;
const nameOf = (a: Arrival) => (a as unknown as { name: string }).name;

/** A store that records each call, answers after `release()`, and refuses arrivals named "bad". */
function recordingStore() {
  const calls: string[][] = [];
  const waiting: Array<() => void> = [];
  const store: ArrivalStore = {
    async store(arrivals) {
      calls.push(arrivals.map(nameOf));
      await new Promise<void>((resolve) => waiting.push(resolve));
      if (arrivals.some((a) => nameOf(a) === 'bad')) throw new Error('refused');
      return arrivals.map((a): ArrivalOutcome => ({ messageId: `m-${nameOf(a)}` as never, chatId: 'c' as never, duplicate: false }));
    },
  };
  const releaseAll = async () => {
    while (waiting.length > 0 || (await settle(), waiting.length > 0)) waiting.shift()!();
  };
  return { store, calls, release: () => waiting.shift()?.(), releaseAll };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('group commit of arrivals', () => {
  it('stores a lone call at once, and calls made meanwhile together in the next call, each answered its own outcomes', async () => {
    const { store, calls, releaseAll } = recordingStore();
    const grouped = groupCommitted(store, { maxBatch: 100, concurrency: 1 });
    const first = grouped.store([arrival('a')]);
    await settle();
    const later = [grouped.store([arrival('b')]), grouped.store([arrival('c'), arrival('d')])];
    expect(calls).toEqual([['a']]);
    await releaseAll();
    expect(await first).toEqual([{ messageId: 'm-a', chatId: 'c', duplicate: false }]);
    expect((await Promise.all(later)).map((outcomes) => outcomes.map((o) => o.messageId))).toEqual([['m-b'], ['m-c', 'm-d']]);
    expect(calls).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('never puts more than maxBatch arrivals in one call (a bigger single call still goes whole)', async () => {
    const { store, calls, releaseAll } = recordingStore();
    const grouped = groupCommitted(store, { maxBatch: 2, concurrency: 1 });
    const all = [grouped.store([arrival('a')]), grouped.store([arrival('b')]), grouped.store([arrival('c')]), grouped.store([arrival('d'), arrival('e'), arrival('f')])];
    await releaseAll();
    await Promise.all(all);
    expect(calls).toEqual([['a'], ['b', 'c'], ['d', 'e', 'f']]);
  });

  it('runs up to `concurrency` calls at once', async () => {
    const { store, calls, releaseAll } = recordingStore();
    const grouped = groupCommitted(store, { maxBatch: 100, concurrency: 2 });
    const all = [grouped.store([arrival('a')]), grouped.store([arrival('b')]), grouped.store([arrival('c')])];
    await settle();
    expect(calls).toEqual([['a'], ['b']]);
    await releaseAll();
    await Promise.all(all);
    expect(calls).toEqual([['a'], ['b'], ['c']]);
  });

  it('fails only the caller whose arrival the store refuses: a failed merged call is retried call by call', async () => {
    const { store, calls, releaseAll } = recordingStore();
    const grouped = groupCommitted(store, { maxBatch: 100, concurrency: 1 });
    const first = grouped.store([arrival('a')]);
    await settle();
    const good = grouped.store([arrival('b')]);
    const bad = grouped.store([arrival('bad')]);
    const outcomes = Promise.allSettled([first, good, bad]);
    await releaseAll();
    expect((await outcomes).map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(calls).toEqual([['a'], ['b', 'bad'], ['b'], ['bad']]);
  });
});
