import { describe, expect, it } from 'vitest';
import { isoTime } from '../../../adapters/trpc/iso-time.ts';

describe('isoTime', () => {
  it('writes what toISOString writes, at the edges of days, months, leap years and its range', () => {
    const edges = [0, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2100, 2, 1), Date.UTC(2024, 11, 31, 23, 59, 59, 1), Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10_000, 0, 1), -1, Date.UTC(1969, 11, 31, 12), Date.UTC(-5, 0, 1)];
    for (const time of edges) expect(isoTime(new Date(time))).toBe(new Date(time).toISOString());
  });

  it('writes what toISOString writes for any time of the years messages carry', () => {
    let state = 42;
    const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    for (let i = 0; i < 20_000; i += 1) {
      const date = new Date(Math.floor(random() * Date.UTC(2200, 0, 1)));
      expect(isoTime(date)).toBe(date.toISOString());
    }
  });

  it('leaves an invalid date to toISOString (which throws)', () => {
    expect(() => isoTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});
