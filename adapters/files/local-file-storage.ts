import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import type { FileStorage, StoredFile } from '../../application/ports/file-storage.ts';
import type { Ids } from '../../application/ports/ids.ts';
import type { FileId } from '../../domain/ids.ts';

// Ids become file names: letters, digits, `-` and `_` only, so no id can climb out of the folder
// (`..`, `/`, `%2f`) nor name a sidecar (`x.json`) or a temporary file.
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

const MetaSchema = v.object({
  mimeType: v.string(),
  fileName: v.nullable(v.string()),
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

/**
 * Files in one folder (`<DATA_DIR>/files/`): the bytes in `<id>`, what is known of them in
 * `<id>.json`. Each is written to a temporary file, flushed, then renamed into place, so a reader
 * or a crash never sees half a file; the sidecar goes last and is what makes a file exist.
 */
export function createLocalFileStorage(options: { readonly dir: string; readonly ids: Ids }): FileStorage {
  const { dir, ids } = options;
  return {
    async put(bytes, meta) {
      const id = ids.next<FileId>();
      if (!SAFE_ID.test(id)) throw new Error(`the ids port minted ${JSON.stringify(id)}, which cannot be a file name`);
      const file: StoredFile = { id, mimeType: meta.mimeType, fileName: meta.fileName, size: bytes.byteLength };
      await mkdir(dir, { recursive: true });
      await writeAtomically(join(dir, id), bytes);
      const sidecar = { mimeType: file.mimeType, fileName: file.fileName, size: file.size };
      await writeAtomically(join(dir, `${id}.json`), new TextEncoder().encode(JSON.stringify(sidecar)));
      return file;
    },
    async find(id) {
      if (typeof id !== 'string' || !SAFE_ID.test(id)) return undefined;
      const metaText = await readIfExists(join(dir, `${id}.json`));
      const bytes = metaText && await readIfExists(join(dir, id));
      if (!metaText || !bytes) return undefined;
      const meta = v.parse(MetaSchema, JSON.parse(new TextDecoder().decode(metaText)));
      return { file: { id, ...meta }, bytes };
    },
  };
}

async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
