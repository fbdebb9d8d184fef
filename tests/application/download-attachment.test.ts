import { describe, expect, it } from 'vitest';
import { receiveInboundMessage } from '../../application/inbound/receive-inbound-message.ts';
import { downloadAttachment } from '../../application/jobs/download-attachment.ts';
import { DOWNLOAD_ATTACHMENT } from '../../application/jobs/kinds.ts';
import { runDueJobs } from '../../application/jobs/run-due-jobs.ts';
import type { LoadOutcome } from '../../application/ports/attachment-loader.ts';
import type { ProviderModule } from '../../application/ports/provider.ts';
import type { Attachment } from '../../domain/attachment.ts';
import { createMemoryDeps, type MemoryDeps } from '../support/memory-deps.ts';
import { aPhoto, anInbound, bareProvider, seedChannel, settleRouting } from './fixtures.ts';
import { bytesOf, providerWithFiles } from './test-providers.ts';

const MIB = 1024 * 1024;
const loaded = (size: number): LoadOutcome => ({ kind: 'loaded', bytes: bytesOf(size), mimeType: 'image/jpeg', fileName: 'photo.jpg' });

/** A received message with one attachment referring to `ref`; returns the deps and the download job's payload. */
async function receivedPhoto(provider: ProviderModule, ref = 'ref-1') {
  const deps = createMemoryDeps({ providers: [provider] });
  const channel = await seedChannel(deps, { provider: provider.name });
  await receiveInboundMessage(deps, channel, anInbound({ attachments: [aPhoto(ref)] }));
  await settleRouting(deps);
  const [attachment] = deps.state.attachments.values();
  return { deps, payload: { attachmentId: attachment!.id, channelId: channel.id } };
}

const stored = (deps: MemoryDeps, payload: { attachmentId: string }): Promise<Attachment> =>
  deps.transaction.run(({ messages }) => messages.getAttachment(payload.attachmentId as Attachment['id']));

const FIRST = { number: 1, isLast: false };

describe('downloadAttachment', () => {
  it('stores the loaded bytes and records the stored file on the attachment', async () => {
    const { deps, payload } = await receivedPhoto(providerWithFiles('custom', { 'ref-1': loaded(2048) }));
    expect(await downloadAttachment(deps, payload, FIRST)).toBeUndefined();
    const attachment = await stored(deps, payload);
    expect(attachment).toMatchObject({ downloadState: 'done', mimeType: 'image/jpeg', fileSize: 2048, fileName: 'photo.jpg' });
    const file = await deps.files.find(attachment.fileId!);
    expect(file?.bytes).toEqual(bytesOf(2048));
  });

  it('records a file over the size limit as not downloadable, and stores no bytes', async () => {
    const { deps, payload } = await receivedPhoto(providerWithFiles('custom', { 'ref-1': loaded(MIB + 1) }));
    expect(await downloadAttachment(deps, payload, FIRST)).toBeUndefined();
    expect(await stored(deps, payload)).toMatchObject({ downloadState: 'not_downloadable', downloadError: 'too big', fileId: null });
    expect(deps.files.files.size).toBe(0);
  });

  it("passes the messenger's retry-after on, leaving the attachment pending", async () => {
    const { deps, payload } = await receivedPhoto(providerWithFiles('custom', { 'ref-1': { kind: 'retry', reason: '429', afterMs: 7000 } }));
    expect(await downloadAttachment(deps, payload, FIRST)).toEqual({ kind: 'retry', reason: '429', afterMs: 7000 });
    expect(await stored(deps, payload)).toMatchObject({ downloadState: 'pending', fileId: null });
  });

  it('does not fetch again an attachment that is already stored', async () => {
    const outcomes: Record<string, LoadOutcome> = { 'ref-1': loaded(10) };
    const { deps, payload } = await receivedPhoto(providerWithFiles('custom', outcomes));
    await downloadAttachment(deps, payload, FIRST);
    const first = await stored(deps, payload);
    delete outcomes['ref-1']; // fetching again would now throw
    expect(await downloadAttachment(deps, payload, FIRST)).toBeUndefined();
    expect((await stored(deps, payload)).fileId).toBe(first.fileId);
    expect(deps.files.files.size).toBe(1);
  });

  it('records the attachment as not downloadable when the provider cannot load attachments', async () => {
    const { deps, payload } = await receivedPhoto(bareProvider('custom'));
    expect(await downloadAttachment(deps, payload, FIRST)).toBeUndefined();
    expect(await stored(deps, payload)).toMatchObject({ downloadState: 'not_downloadable', fileId: null });
  });

  it('records the attachment as failed when the last attempt is still told to retry', async () => {
    const { deps, payload } = await receivedPhoto(providerWithFiles('custom', { 'ref-1': { kind: 'retry', reason: 'HTTP 503' } }));
    expect(await downloadAttachment(deps, payload, { number: 10, isLast: true })).toBeUndefined();
    expect(await stored(deps, payload)).toMatchObject({ downloadState: 'failed', downloadError: 'HTTP 503', fileId: null });
  });

  it('runs as a job: a dropped connection is retried, then the file is stored', async () => {
    const outcomes: Record<string, LoadOutcome> = {};
    const { deps, payload } = await receivedPhoto(providerWithFiles('custom', outcomes));
    const policy = { batchSize: 5, leaseMs: 60_000, backoffMs: () => 1000 };
    const handlers = { [DOWNLOAD_ATTACHMENT]: downloadAttachment };
    await runDueJobs(deps, handlers, policy);
    expect([...deps.state.jobs.values()]).toMatchObject([{ state: 'pending', lastError: 'connection reset fetching ref-1' }]);
    outcomes['ref-1'] = loaded(5);
    deps.clock.advance(1000);
    expect(await runDueJobs(deps, handlers, policy)).toBe(1);
    expect(await stored(deps, payload)).toMatchObject({ downloadState: 'done', fileSize: 5 });
    expect(deps.state.jobs.size).toBe(0);
  });
});
