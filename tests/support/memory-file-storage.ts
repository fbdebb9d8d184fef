import type { FileStorage, StoredFile } from '../../application/ports/file-storage.ts';
import type { Ids } from '../../application/ports/ids.ts';
import type { FileId } from '../../domain/ids.ts';

/** File storage in memory, for use-case tests; `files` shows what was stored. */
export interface MemoryFileStorage extends FileStorage {
  readonly files: ReadonlyMap<FileId, { readonly file: StoredFile; readonly bytes: Uint8Array }>;
}

/** Creates an empty in-memory file storage that names files with `ids`. */
export function createMemoryFileStorage(ids: Ids): MemoryFileStorage {
  const files = new Map<FileId, { file: StoredFile; bytes: Uint8Array }>();
  return {
    files,
    async put(bytes, meta) {
      const file: StoredFile = { id: ids.next<FileId>(), mimeType: meta.mimeType, fileName: meta.fileName, size: bytes.byteLength };
      // A copy, so a caller that reuses its buffer cannot change what was stored.
      files.set(file.id, { file, bytes: bytes.slice() });
      return file;
    },
    async find(id) {
      const stored = files.get(id);
      return stored && { file: stored.file, bytes: stored.bytes.slice() };
    },
  };
}
