import type { FileId } from '../../domain/ids.ts';

/** What is known of a stored file. */
export interface StoredFile {
  readonly id: FileId;
  readonly mimeType: string;
  readonly fileName: string | null;
  readonly size: number;
}

/** Where attachments' bytes live (a local folder by default). */
export interface FileStorage {
  put(bytes: Uint8Array, meta: { mimeType: string; fileName: string | null }): Promise<StoredFile>;
  find(id: FileId): Promise<{ file: StoredFile; bytes: Uint8Array } | undefined>;
}
