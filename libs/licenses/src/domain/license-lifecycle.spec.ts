import { describe, expect, it } from '@jest/globals';
import { lifecycleTransition, type LifecycleState } from './license-lifecycle.js';

const NOW = new Date('2030-06-01T00:00:00.000Z');
const HOUR = 3_600_000;
const base: LifecycleState = { revokedAt: null, revokeReason: null, lockedAt: null, lockReason: null, frozenAt: null, frozenMs: 0 };

describe('lifecycleTransition', () => {
  it('revokes with the reason and is a no-op on a revoked license', () => {
    const revoked = lifecycleTransition(base, 'revoke', NOW, 'fraud');
    expect(revoked).toEqual({ state: { ...base, revokedAt: NOW, revokeReason: 'fraud' }, event: { type: 'license.revoked', data: { reason: 'fraud' } } });
    expect(lifecycleTransition(revoked!.state, 'revoke', NOW, 'again')).toBeNull();
  });

  it('unrevokes clearing the reason, and is a no-op when not revoked', () => {
    const state = { ...base, revokedAt: NOW, revokeReason: 'x' };
    expect(lifecycleTransition(state, 'unrevoke', NOW)).toEqual({ state: base, event: { type: 'license.unrevoked', data: {} } });
    expect(lifecycleTransition(base, 'unrevoke', NOW)).toBeNull();
  });

  it('unlocks, reporting the lock it lifted', () => {
    const state = { ...base, lockedAt: NOW, lockReason: 'misuse' };
    expect(lifecycleTransition(state, 'unlock', NOW)).toEqual({
      state: base,
      event: { type: 'license.unlocked', data: { lockedAt: NOW.toISOString(), lockReason: 'misuse' } },
    });
    expect(lifecycleTransition(base, 'unlock', NOW)).toBeNull();
  });

  it('freezes and unfreezes, adding the interval to the frozen total', () => {
    const frozen = lifecycleTransition({ ...base, frozenMs: 5 }, 'freeze', NOW)!;
    expect(frozen.state).toMatchObject({ frozenAt: NOW, frozenMs: 5 });
    expect(frozen.event.type).toBe('license.frozen');
    expect(lifecycleTransition(frozen.state, 'freeze', new Date(NOW.getTime() + HOUR))).toBeNull();

    const unfrozen = lifecycleTransition(frozen.state, 'unfreeze', new Date(NOW.getTime() + 2 * HOUR))!;
    expect(unfrozen.state).toMatchObject({ frozenAt: null, frozenMs: 5 + 2 * HOUR });
    expect(unfrozen.event).toEqual({ type: 'license.unfrozen', data: { frozenForMs: 2 * HOUR } });
    expect(lifecycleTransition(unfrozen.state, 'unfreeze', NOW)).toBeNull();
  });
});
