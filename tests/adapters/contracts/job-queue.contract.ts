import { expect, it } from 'vitest';
import type { ClaimedJob } from '../../../application/ports/job-queue.ts';
import type { JobId } from '../../../domain/ids.ts';
import { inTransaction } from './fixtures.ts';
import { at, type ContractDb, type OpenContractDb } from './harness.ts';

const LEASE = 60_000;

const claim = (db: ContractDb, now: Date, limit = 10, completed?: readonly JobId[]): Promise<ClaimedJob[]> =>
  inTransaction(db, ({ jobs }) => jobs.claim(limit, now, LEASE, completed));

/** JobQueue: durable jobs claimed under a lease, retried, failed for good, or completed. */
export function jobQueueContract(open: OpenContractDb): void {
  it('hands a due job to one claim at a time, until its lease runs out', () => leasesOneClaimAtATime(open));
  it('holds back a job until its runAt, and after a retry until the new time', () => holdsBackUntilRunAt(open));
  it('forgets a completed job and keeps a failed one out of every claim', () => completesAndFails(open));
  it('claims at most the limit, and concurrent claims never share a job', () => claimsDistinctJobs(open));
  it('forgets the jobs a claim completes, in the same call, and never hands them out again', () => completesWithClaim(open));
  it('takes only the kinds of a lane, or every other kind', () => claimsByLane(open));
}

async function claimsByLane(open: OpenContractDb): Promise<void> {
  const db = await open();
  await inTransaction(db, async ({ jobs }) => {
    for (const kind of ['message.deliver', 'attachment.download', 'message.deliver', 'odd "kind", {x} it\'s']) await jobs.enqueue({ kind, payload: {} });
  });
  const lane = (except: boolean) => ({ kinds: ['message.deliver', 'odd "kind", {x} it\'s'], except });
  const others = await inTransaction(db, ({ jobs }) => jobs.claim(10, at(0), LEASE, [], lane(true)));
  expect(others.map((job) => job.kind)).toEqual(['attachment.download']);
  const deliveries = await inTransaction(db, ({ jobs }) => jobs.claim(10, at(0), LEASE, [], lane(false)));
  expect(deliveries.map((job) => job.kind).sort()).toEqual(['message.deliver', 'message.deliver', 'odd "kind", {x} it\'s']);
  expect(await claim(db, at(0))).toEqual([]);
}

async function leasesOneClaimAtATime(open: OpenContractDb): Promise<void> {
  const db = await open();
  await inTransaction(db, ({ jobs }) => jobs.enqueue({ kind: 'contact.enrich', payload: { contactId: 'c-1', n: 2, nested: { ok: true } } }));
  expect(await inTransaction(db, ({ jobs }) => jobs.countPending())).toBe(1);
  const [job] = await claim(db, at(0));
  expect(job).toMatchObject({ kind: 'contact.enrich', payload: { contactId: 'c-1', n: 2, nested: { ok: true } }, attempts: 1, maxAttempts: 10 });
  expect(await claim(db, at(30))).toEqual([]);
  expect(await claim(db, at(61))).toMatchObject([{ id: job!.id, attempts: 2 }]);
}

async function holdsBackUntilRunAt(open: OpenContractDb): Promise<void> {
  const db = await open();
  await inTransaction(db, ({ jobs }) => jobs.enqueue({ kind: 'later', payload: {}, runAt: at(100), maxAttempts: 3 }));
  expect(await claim(db, at(50))).toEqual([]);
  const [job] = await claim(db, at(100));
  expect(job).toMatchObject({ attempts: 1, maxAttempts: 3 });
  await inTransaction(db, ({ jobs }) => jobs.retry(job!.id, at(200), 'provider said 429'));
  expect(await claim(db, at(150))).toEqual([]);
  expect(await claim(db, at(200))).toMatchObject([{ id: job!.id, attempts: 2 }]);
  expect(await inTransaction(db, ({ jobs }) => jobs.countPending())).toBe(1);
}

async function completesAndFails(open: OpenContractDb): Promise<void> {
  const db = await open();
  await inTransaction(db, async ({ jobs }) => {
    await jobs.enqueue({ kind: 'done', payload: {} });
    await jobs.enqueue({ kind: 'doomed', payload: {} });
  });
  const claimed = await claim(db, at(0));
  await inTransaction(db, async ({ jobs }) => {
    await jobs.claim(0, at(0), LEASE, [claimed.find((j) => j.kind === 'done')!.id]);
    await jobs.fail(claimed.find((j) => j.kind === 'doomed')!.id, 'no handler');
  });
  expect(await claim(db, at(10_000))).toEqual([]);
  expect(await inTransaction(db, ({ jobs }) => jobs.countPending())).toBe(0);
  expect(await db.count('job')).toBe(1);
}

async function claimsDistinctJobs(open: OpenContractDb): Promise<void> {
  const db = await open();
  await inTransaction(db, async ({ jobs }) => {
    for (let i = 0; i < 12; i += 1) await jobs.enqueue({ kind: 'bulk', payload: { i } });
  });
  expect(await claim(db, at(0), 2)).toHaveLength(2);
  const batches = await Promise.all([claim(db, at(1), 5), claim(db, at(1), 5), claim(db, at(1), 5)]);
  const ids = batches.flat().map((j) => j.id);
  expect(ids).toHaveLength(10);
  expect(new Set(ids).size).toBe(10);
}

async function completesWithClaim(open: OpenContractDb): Promise<void> {
  const db = await open();
  await inTransaction(db, async ({ jobs }) => {
    for (const kind of ['first', 'second', 'third']) await jobs.enqueue({ kind, payload: {}, runAt: at(0) });
  });
  const [first] = await claim(db, at(0), 1);
  expect(await claim(db, at(1), 1, [first!.id])).toMatchObject([{ kind: 'second' }]);
  expect(await inTransaction(db, ({ jobs }) => jobs.countPending())).toBe(2);
  // The second job's lease has run out: it is due again, yet completing it keeps it from this very claim.
  const [second] = await claim(db, at(LEASE / 1000 + 10), 1, []);
  expect(second).toMatchObject({ kind: 'second', attempts: 2 });
  expect(await claim(db, at(2 * LEASE / 1000 + 20), 5, [second!.id])).toMatchObject([{ kind: 'third', attempts: 1 }]);
  expect(await claim(db, at(3 * LEASE / 1000 + 30), 5, [])).toMatchObject([{ kind: 'third', attempts: 2 }]);
  expect(await db.count('job')).toBe(1);
}
