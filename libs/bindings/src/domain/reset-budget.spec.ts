import { describe, expect, it } from '@jest/globals';
import { checkResetBudget, nextResetAt, resetsRemaining } from './reset-budget.js';

const NOW = new Date('2030-01-01T12:00:00.000Z');
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe('checkResetBudget (API.md §6)', () => {
  it('max 0 never allows a reset, even with nothing used', () => {
    expect(checkResetBudget({ max: 0, cooldownHours: 0 }, { used: 0, lastResetAt: null }, NOW)).toMatchObject({ allow: false, code: 'RESET_NOT_ALLOWED' });
  });

  it('an unrestricted budget (max null, no cooldown) always allows', () => {
    expect(checkResetBudget({ max: null, cooldownHours: 0 }, { used: 500, lastResetAt: NOW }, NOW)).toEqual({ allow: true });
  });

  it('allows until max is used, then is exhausted', () => {
    const budget = { max: 2, cooldownHours: 0 };
    expect(checkResetBudget(budget, { used: 1, lastResetAt: ago(1) }, NOW)).toEqual({ allow: true });
    expect(checkResetBudget(budget, { used: 2, lastResetAt: ago(1) }, NOW)).toMatchObject({ allow: false, code: 'RESET_BUDGET_EXHAUSTED' });
  });

  it('waits out the cooldown, with retryAfter in whole seconds rounded up, and allows exactly at its end', () => {
    const budget = { max: null, cooldownHours: 2 };
    expect(checkResetBudget(budget, { used: 1, lastResetAt: ago(HOUR) }, NOW)).toEqual({
      allow: false,
      code: 'RESET_COOLDOWN',
      message: expect.any(String),
      retryAfterSeconds: 3600,
    });
    expect(checkResetBudget(budget, { used: 1, lastResetAt: ago(2 * HOUR - 1) }, NOW)).toMatchObject({ retryAfterSeconds: 1 });
    expect(checkResetBudget(budget, { used: 1, lastResetAt: ago(2 * HOUR) }, NOW)).toEqual({ allow: true });
  });

  it('exhausted wins over a running cooldown', () => {
    expect(checkResetBudget({ max: 1, cooldownHours: 5 }, { used: 1, lastResetAt: ago(1) }, NOW)).toMatchObject({ code: 'RESET_BUDGET_EXHAUSTED' });
  });

  it('a first reset is never in cooldown', () => {
    expect(checkResetBudget({ max: 3, cooldownHours: 24 }, { used: 0, lastResetAt: null }, NOW)).toEqual({ allow: true });
  });
});

describe('nextResetAt and resetsRemaining', () => {
  it('is the end of the cooldown of the last reset, or null without one', () => {
    expect(nextResetAt({ max: null, cooldownHours: 3 }, { used: 1, lastResetAt: NOW })).toEqual(new Date(NOW.getTime() + 3 * HOUR));
    expect(nextResetAt({ max: null, cooldownHours: 0 }, { used: 1, lastResetAt: NOW })).toBeNull();
    expect(nextResetAt({ max: null, cooldownHours: 3 }, { used: 0, lastResetAt: null })).toBeNull();
  });

  it('counts what is left, never below zero, or unlimited', () => {
    expect(resetsRemaining({ max: 3, cooldownHours: 0 }, { used: 1, lastResetAt: null })).toBe(2);
    expect(resetsRemaining({ max: 3, cooldownHours: 0 }, { used: 5, lastResetAt: null })).toBe(0);
    expect(resetsRemaining({ max: null, cooldownHours: 0 }, { used: 5, lastResetAt: null })).toBe('unlimited');
  });
});
