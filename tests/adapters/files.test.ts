import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { FileStorage } from '../../application/ports/file-storage.ts';
import type { FileId } from '../../domain/ids.ts';
import { createLocalFileStorage } from '../../adapters/files/local-file-storage.ts';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';
import { createMemoryFileStorage } from '../support/memory-file-storage.ts';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-files-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const openLocal = async (): Promise<FileStorage> => createLocalFileStorage({ dir: join(await tempDir(), 'files'), ids: uuidIds });
const openMemory = async (): Promise<FileStorage> => createMemoryFileStorage(uuidIds);
const bytesOf = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 7) % 256);

describe.each([['local folder', openLocal], ['memory', openMemory]])('file storage contract: %s', (_name, open) => {
  it('gives back what was put, with what is known of it', async () => {
    const files = await open();
    const stored = await files.put(bytesOf(5000), { mimeType: 'image/png', fileName: 'cat.png' });
    expect(stored).toEqual({ id: expect.any(String), mimeType: 'image/png', fileName: 'cat.png', size: 5000 });
    expect(await files.find(stored.id)).toEqual({ file: stored, bytes: bytesOf(5000) });
  });

  it('keeps an empty file and a file without a name', async () => {
    const files = await open();
    const stored = await files.put(new Uint8Array(0), { mimeType: 'text/plain; charset=utf-8', fileName: null });
    expect(await files.find(stored.id)).toEqual({ file: { ...stored, size: 0, fileName: null }, bytes: new Uint8Array(0) });
  });

  it('gives each file its own id, also when stored at once', async () => {
    const files = await open();
    const stored = await Promise.all(Array.from({ length: 20 }, (_, i) => files.put(bytesOf(i + 1), { mimeType: 'application/octet-stream', fileName: `${i}.bin` })));
    expect(new Set(stored.map((file) => file.id)).size).toBe(20);
    for (const [i, file] of stored.entries()) expect((await files.find(file.id))?.bytes).toEqual(bytesOf(i + 1));
  });

  it('finds nothing for an unknown id', async () => {
    expect(await (await open()).find(uuidIds.next<FileId>())).toBeUndefined();
  });
});

describe('local file storage', () => {
  it.each(['', '.', '..', '../files', '../../etc/passwd', 'a/b', 'a\\b', '%2e%2e', '/etc/passwd', 'x'.repeat(200), 'id with space', 'id\u0000'])(
    'finds nothing for the malformed id %j', async (id) => {
      const files = await openLocal();
      await files.put(bytesOf(10), { mimeType: 'text/plain', fileName: null });
      expect(await files.find(id as FileId)).toBeUndefined();
    },
  );

  it('never serves its sidecar or a temporary file as a file', async () => {
    const files = await openLocal();
    const stored = await files.put(bytesOf(10), { mimeType: 'text/plain', fileName: null });
    expect(await files.find(`${stored.id}.json` as FileId)).toBeUndefined();
    expect(await files.find(`${stored.id}.tmp` as FileId)).toBeUndefined();
  });

  it('keeps files for the next instance on the same folder, and leaves no temporary files', async () => {
    const dir = join(await tempDir(), 'nested', 'files');
    const first = createLocalFileStorage({ dir, ids: uuidIds });
    const stored = await first.put(bytesOf(300), { mimeType: 'application/pdf', fileName: 'отчёт.pdf' });
    const second = createLocalFileStorage({ dir, ids: uuidIds });
    expect(await second.find(stored.id)).toEqual({ file: stored, bytes: bytesOf(300) });
    expect((await readdir(dir)).sort()).toEqual([stored.id, `${stored.id}.json`].sort());
  });

  it('treats bytes without their sidecar (a crash between the two renames) as no file', async () => {
    const dir = await tempDir();
    const id = uuidIds.next<FileId>();
    await writeFile(join(dir, id), bytesOf(10));
    expect(await createLocalFileStorage({ dir, ids: uuidIds }).find(id)).toBeUndefined();
  });

  it('refuses an id that could not be a file name', async () => {
    const files = createLocalFileStorage({ dir: await tempDir(), ids: { next: <T,>() => '../escape' as T } });
    await expect(files.put(bytesOf(1), { mimeType: 'text/plain', fileName: null })).rejects.toThrow('cannot be a file name');
  });
});
