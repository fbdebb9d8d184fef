import { V7Generator } from 'uuidv7';
import type { Ids } from '../../application/ports/ids.ts';
import type { Id } from '../../domain/ids.ts';

/**
 * Cryptographically strong 32-bit words, fetched 4 KiB at a time. uuidv7's own source asks
 * `crypto.getRandomValues` for 32 bytes at a time, and a message takes about ten ids: the calls, not the
 * bytes, cost (an id took 1.3 µs with them, 0.9 µs without, on Node 20).
 */
function bufferedRandom(words: number): { nextUint32(): number } {
  const buffer = new Uint32Array(words);
  let cursor = words;
  return {
    nextUint32() {
      if (cursor === words) {
        crypto.getRandomValues(buffer);
        cursor = 0;
      }
      return buffer[cursor++]!;
    },
  };
}

const generator = new V7Generator(bufferedRandom(1024));

/** UUIDv7 ids: time-ordered, so new rows land at the end of their indexes. */
export const uuidIds: Ids = { next: <T extends Id<string>>() => generator.generate().toString() as T };
