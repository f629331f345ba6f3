/**
 * License expiry of API.md §4 as pure functions of the stored license fields and "now".
 *
 * Frozen time never counts against a license: every bound moves later by the time spent frozen, and a frozen
 * license never expires while frozen. The fixed date moves by all frozen time; the days-after-activation bound
 * only by the frozen time accrued after activation (time frozen before activation never ran its clock).
 *
 * Boundary: a license is expired from the instant `effectiveExpiresAt` is reached (`now >= effectiveExpiresAt`),
 * so "expires at T" means it is no longer valid at T. A bound whose field is missing (e.g. `fixed` with
 * `expiresAt` null) is treated as absent rather than as "already expired"; validation keeps such rows out.
 */

export type ExpirationMode = 'never' | 'fixed' | 'afterActivation' | 'both';

export interface ExpiryInput {
  expirationMode: ExpirationMode;
  /** Fixed bound. */
  expiresAt: Date | null;
  /** Relative bound, in days of 86,400,000 ms after activation. */
  expiresAfterDays: number | null;
  activatedAt: Date | null;
  /** Start of the current frozen interval; null when not frozen. */
  frozenAt: Date | null;
  /** Total length of completed frozen intervals. */
  frozenMs: number;
  /** Frozen time accrued before `activatedAt`, including any interval in progress at activation. */
  frozenMsBeforeActivation: number;
}

export type ExpiryBound = 'fixed' | 'relative';

export interface ExpiryResult {
  /** While frozen this is where the expiry would be if the license were unfrozen at `now`. */
  effectiveExpiresAt: Date | null;
  bound: ExpiryBound | null;
}

export type ExpiryReason = 'LICENSE_EXPIRED' | 'LICENSE_EXPIRED_RELATIVE';

/** The freeze bookkeeping stored on a license. */
export interface FreezeState {
  frozenAt: Date | null;
  frozenMs: number;
}

export const DAY_MS = 86_400_000;

/** Completed frozen time plus the part of the interval in progress, if any. */
export function totalFrozenMs(state: FreezeState, now: Date): number {
  return state.frozenMs + inProgressFrozenMs(state, now);
}

export function computeEffectiveExpiry(input: ExpiryInput, now: Date): ExpiryResult {
  const fixed = usesFixed(input.expirationMode) ? fixedBound(input, now) : null;
  const relative = usesRelative(input.expirationMode) ? relativeBound(input, now) : null;

  // On a tie the fixed date wins, so the reason is LICENSE_EXPIRED (API.md §4).
  if (fixed !== null && (relative === null || fixed <= relative)) return { effectiveExpiresAt: new Date(fixed), bound: 'fixed' };
  if (relative !== null) return { effectiveExpiresAt: new Date(relative), bound: 'relative' };
  return { effectiveExpiresAt: null, bound: null };
}

/** Why the license is expired at `now`, or null when it is not. */
export function expiryReason(input: ExpiryInput, now: Date): ExpiryReason | null {
  if (input.frozenAt !== null) return null;
  const { effectiveExpiresAt, bound } = computeEffectiveExpiry(input, now);
  if (effectiveExpiresAt === null || now.getTime() < effectiveExpiresAt.getTime()) return null;
  return bound === 'relative' ? 'LICENSE_EXPIRED_RELATIVE' : 'LICENSE_EXPIRED';
}

export function isExpired(input: ExpiryInput, now: Date): boolean {
  return expiryReason(input, now) !== null;
}

/**
 * The freeze fields after setting `frozen` at `now`. Freezing a frozen license and unfreezing an unfrozen one
 * return the state unchanged, so the start of a running interval is never lost.
 */
export function freezeTransition(state: FreezeState, frozen: boolean, now: Date): FreezeState {
  if (frozen) {
    if (state.frozenAt !== null) return { frozenAt: state.frozenAt, frozenMs: state.frozenMs };
    return { frozenAt: new Date(now.getTime()), frozenMs: state.frozenMs };
  }
  if (state.frozenAt === null) return { frozenAt: null, frozenMs: state.frozenMs };
  return { frozenAt: null, frozenMs: totalFrozenMs(state, now) };
}

export function freeze(state: FreezeState, now: Date): FreezeState {
  return freezeTransition(state, true, now);
}

export function unfreeze(state: FreezeState, now: Date): FreezeState {
  return freezeTransition(state, false, now);
}

/** The `frozenMsBeforeActivation` to store when the license is activated at `now`. */
export function activationSnapshot(state: FreezeState, now: Date): number {
  return totalFrozenMs(state, now);
}

function usesFixed(mode: ExpirationMode): boolean {
  return mode === 'fixed' || mode === 'both';
}

function usesRelative(mode: ExpirationMode): boolean {
  return mode === 'afterActivation' || mode === 'both';
}

function fixedBound(input: ExpiryInput, now: Date): number | null {
  if (input.expiresAt === null) return null;
  return input.expiresAt.getTime() + totalFrozenMs(input, now);
}

function relativeBound(input: ExpiryInput, now: Date): number | null {
  if (input.activatedAt === null || input.expiresAfterDays === null) return null;
  // Clamped so inconsistent stored values can never pull the bound earlier than the plain day count.
  const frozenSinceActivation = Math.max(0, totalFrozenMs(input, now) - input.frozenMsBeforeActivation);
  return input.activatedAt.getTime() + input.expiresAfterDays * DAY_MS + frozenSinceActivation;
}

function inProgressFrozenMs(state: FreezeState, now: Date): number {
  // A clock that moved back must not shrink frozen time below what was already recorded.
  return state.frozenAt === null ? 0 : Math.max(0, now.getTime() - state.frozenAt.getTime());
}
