import { describe, expect, it } from '@jest/globals';
import { MAX_ATTEMPTS, retryDelayMs } from './retry-schedule.js';

describe('retryDelayMs', () => {
  it('grows exponentially, is capped, and stops after the last attempt', () => {
    const delays = Array.from({ length: MAX_ATTEMPTS }, (_, i) => retryDelayMs(i + 1));
    expect(delays.slice(0, 4)).toEqual([30_000, 90_000, 270_000, 810_000]);
    expect(delays[MAX_ATTEMPTS - 1]).toBeNull();
    for (let i = 1; i < MAX_ATTEMPTS - 1; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(Math.max(...(delays.filter((d) => d !== null) as number[]))).toBe(12 * 3_600_000);
  });

  it('makes at least 8 attempts over at least 24 hours (API.md §9)', () => {
    expect(MAX_ATTEMPTS).toBeGreaterThanOrEqual(8);
    let elapsed = 0;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) elapsed += retryDelayMs(attempt)!;
    expect(elapsed).toBeGreaterThanOrEqual(24 * 3_600_000);
  });
});
