import type { ResetBudget } from '@geckoguard/policies';

/** What the license has spent of a reset budget (forced resets excluded). */
export interface ResetHistory {
  used: number;
  lastResetAt: Date | null;
}

export type ResetCheck =
  | { allow: true }
  | { allow: false; code: 'RESET_NOT_ALLOWED' | 'RESET_BUDGET_EXHAUSTED'; message: string }
  | { allow: false; code: 'RESET_COOLDOWN'; message: string; retryAfterSeconds: number };

const HOUR_MS = 3_600_000;

/**
 * API.md §6: `max: 0` never allows a reset; `max` counts over the license's lifetime; a reset within
 * `cooldownHours` of the last one waits; an exhausted budget wins over a cooldown. `max: null` is unrestricted.
 */
export function checkResetBudget(budget: ResetBudget, history: ResetHistory, now: Date): ResetCheck {
  if (budget.max === 0) return { allow: false, code: 'RESET_NOT_ALLOWED', message: 'The license policy does not allow resets' };
  if (budget.max !== null && history.used >= budget.max) {
    return { allow: false, code: 'RESET_BUDGET_EXHAUSTED', message: `All ${budget.max} resets of this license are used` };
  }
  const readyAt = nextResetAt(budget, history);
  if (readyAt && readyAt.getTime() > now.getTime()) {
    const retryAfterSeconds = Math.ceil((readyAt.getTime() - now.getTime()) / 1000);
    return { allow: false, code: 'RESET_COOLDOWN', message: `The next reset is possible in ${retryAfterSeconds} s`, retryAfterSeconds };
  }
  return { allow: true };
}

/** When the cooldown of the last budgeted reset ends; null when there is no cooldown running or none applies. */
export function nextResetAt(budget: ResetBudget, history: ResetHistory): Date | null {
  if (budget.cooldownHours <= 0 || history.lastResetAt === null) return null;
  return new Date(history.lastResetAt.getTime() + budget.cooldownHours * HOUR_MS);
}

export function resetsRemaining(budget: ResetBudget, history: ResetHistory): number | 'unlimited' {
  return budget.max === null ? 'unlimited' : Math.max(0, budget.max - history.used);
}
