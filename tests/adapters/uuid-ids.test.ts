import { describe, expect, it } from 'vitest';
import { uuidIds } from '../../adapters/system/uuid-ids.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidIds', () => {
  it('gives UUIDv7 ids, each new and later than the one before, across many refills of its random buffer', () => {
    const ids = Array.from({ length: 5000 }, () => uuidIds.next());
    expect(ids.filter((id) => !UUID_V7.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The last 32 bits are drawn from the random buffer: ids of one millisecond differ there too.
    expect(new Set(ids.map((id) => id.slice(-8))).size).toBeGreaterThan(4900);
  });
});
