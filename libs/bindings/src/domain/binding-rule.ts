/**
 * The HWID and IP rules of API.md §5 (checks 6 and 7) as one pure function: given the policy's rule for a
 * kind of value, the license's active bindings and the value presented now, decide and say what to record.
 */

export type BindingMode = 'unlimited' | 'sticky' | 'limit';

export interface BindingRuleConfig {
  mode: BindingMode;
  maxDistinct: number | null;
  /** IP limit mode only: bindings last seen before the window do not count. */
  windowDays?: number | null;
}

/** An active (unrevoked) binding as the rule sees it; for region rules `value` is the country code. */
export interface BoundValue {
  value: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export type BindingDenial = 'REQUIRED' | 'MISMATCH' | 'LIMIT_EXCEEDED';

export type BindingDecision =
  | { allow: true; known: boolean; remaining: number | 'unlimited' }
  | { allow: false; denial: BindingDenial };

const DAY_MS = 86_400_000;

export function evaluateBindingRule(rule: BindingRuleConfig, bound: readonly BoundValue[], presented: string | null, now: Date): BindingDecision {
  const known = presented !== null && bound.some((b) => b.value === presented);
  if (rule.mode === 'unlimited') return { allow: true, known, remaining: 'unlimited' };
  if (presented === null) return { allow: false, denial: 'REQUIRED' };

  if (rule.mode === 'sticky') {
    if (bound.length === 0) return { allow: true, known: false, remaining: 0 };
    const first = bound.reduce((a, b) => (b.firstSeenAt.getTime() < a.firstSeenAt.getTime() ? b : a));
    return first.value === presented ? { allow: true, known: true, remaining: 0 } : { allow: false, denial: 'MISMATCH' };
  }

  const max = rule.maxDistinct ?? 1;
  const windowStart = rule.windowDays ? now.getTime() - rule.windowDays * DAY_MS : null;
  const counted = new Set(bound.filter((b) => windowStart === null || b.lastSeenAt.getTime() >= windowStart).map((b) => b.value));
  if (counted.has(presented)) return { allow: true, known, remaining: max - counted.size };
  if (counted.size >= max) return { allow: false, denial: 'LIMIT_EXCEEDED' };
  return { allow: true, known, remaining: max - counted.size - 1 };
}
