import type { AuditEventType } from '@geckoguard/audit';
import { freezeTransition, totalFrozenMs } from '@geckoguard/expiration';

export type LifecycleAction = 'revoke' | 'unrevoke' | 'freeze' | 'unfreeze' | 'unlock';

/** The stored fields the lifecycle actions change. */
export interface LifecycleState {
  revokedAt: Date | null;
  revokeReason: string | null;
  lockedAt: Date | null;
  lockReason: string | null;
  frozenAt: Date | null;
  frozenMs: number;
}

export interface LifecycleTransition {
  state: LifecycleState;
  event: { type: AuditEventType; data: Record<string, unknown> };
}

/**
 * The state after `action` at `now` and the audit event it writes, or null when the action changes nothing
 * (revoking a revoked license, unlocking an unlocked one, ...): such calls succeed and record nothing.
 * Freezing goes through `freezeTransition`, so frozen time is accounted for as the expiry math expects.
 */
export function lifecycleTransition(state: LifecycleState, action: LifecycleAction, now: Date, reason: string | null = null): LifecycleTransition | null {
  switch (action) {
    case 'revoke':
      if (state.revokedAt) return null;
      return { state: { ...state, revokedAt: now, revokeReason: reason }, event: { type: 'license.revoked', data: { reason } } };
    case 'unrevoke':
      if (!state.revokedAt) return null;
      return { state: { ...state, revokedAt: null, revokeReason: null }, event: { type: 'license.unrevoked', data: {} } };
    case 'unlock':
      if (!state.lockedAt) return null;
      return {
        state: { ...state, lockedAt: null, lockReason: null },
        event: { type: 'license.unlocked', data: { lockedAt: state.lockedAt.toISOString(), lockReason: state.lockReason } },
      };
    case 'freeze': {
      if (state.frozenAt) return null;
      const next = freezeTransition(state, true, now);
      return { state: { ...state, ...next }, event: { type: 'license.frozen', data: {} } };
    }
    case 'unfreeze': {
      if (!state.frozenAt) return null;
      const frozenForMs = totalFrozenMs(state, now) - state.frozenMs;
      const next = freezeTransition(state, false, now);
      return { state: { ...state, ...next }, event: { type: 'license.unfrozen', data: { frozenForMs } } };
    }
  }
}
