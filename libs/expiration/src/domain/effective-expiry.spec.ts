import { describe, it, expect } from '@jest/globals';
import {
  DAY_MS,
  activationSnapshot,
  computeEffectiveExpiry,
  expiryReason,
  freeze,
  freezeTransition,
  isExpired,
  totalFrozenMs,
  unfreeze,
  type ExpiryInput,
} from './effective-expiry.js';

const HOUR = 3_600_000;
const T0 = new Date('2030-01-01T00:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);

function license(overrides: Partial<ExpiryInput>): ExpiryInput {
  return {
    expirationMode: 'never',
    expiresAt: null,
    expiresAfterDays: null,
    activatedAt: null,
    frozenAt: null,
    frozenMs: 0,
    frozenMsBeforeActivation: 0,
    ...overrides,
  };
}

/** Applies freeze/unfreeze/activate events in order, the way the service would persist them. */
function replay(base: ExpiryInput, events: ReadonlyArray<['freeze' | 'unfreeze' | 'activate', number]>): ExpiryInput {
  let state = { ...base };
  for (const [event, ms] of events) {
    const now = at(ms);
    if (event === 'activate') state = { ...state, activatedAt: now, frozenMsBeforeActivation: activationSnapshot(state, now) };
    else state = { ...state, ...freezeTransition(state, event === 'freeze', now) };
  }
  return state;
}

describe('computeEffectiveExpiry', () => {
  describe('never', () => {
    it('has no expiry, even with stray fields, frozen time or activation', () => {
      const input = license({ expirationMode: 'never', expiresAt: at(0), expiresAfterDays: 1, activatedAt: at(0), frozenMs: 5 });
      expect(computeEffectiveExpiry(input, at(100 * DAY_MS))).toEqual({ effectiveExpiresAt: null, bound: null });
      expect(expiryReason(input, at(100 * DAY_MS))).toBeNull();
    });
  });

  describe('fixed', () => {
    const input = license({ expirationMode: 'fixed', expiresAt: at(10 * DAY_MS) });

    it('is expiresAt when never frozen, before and after activation', () => {
      expect(computeEffectiveExpiry(input, at(0))).toEqual({ effectiveExpiresAt: at(10 * DAY_MS), bound: 'fixed' });
      const activated = { ...input, activatedAt: at(DAY_MS) };
      expect(computeEffectiveExpiry(activated, at(2 * DAY_MS))).toEqual({ effectiveExpiresAt: at(10 * DAY_MS), bound: 'fixed' });
    });

    it('ignores expiresAfterDays', () => {
      const withDays = { ...input, expiresAfterDays: 1, activatedAt: at(0) };
      expect(computeEffectiveExpiry(withDays, at(0)).effectiveExpiresAt).toEqual(at(10 * DAY_MS));
    });

    it('is 1 ms before / at / after the boundary: not expired / expired / expired', () => {
      expect(expiryReason(input, at(10 * DAY_MS - 1))).toBeNull();
      expect(expiryReason(input, at(10 * DAY_MS))).toBe('LICENSE_EXPIRED');
      expect(expiryReason(input, at(10 * DAY_MS + 1))).toBe('LICENSE_EXPIRED');
      expect(isExpired(input, at(10 * DAY_MS - 1))).toBe(false);
      expect(isExpired(input, at(10 * DAY_MS))).toBe(true);
    });

    it('is expired at once when expiresAt is in the past', () => {
      const past = license({ expirationMode: 'fixed', expiresAt: at(-DAY_MS) });
      expect(computeEffectiveExpiry(past, at(0))).toEqual({ effectiveExpiresAt: at(-DAY_MS), bound: 'fixed' });
      expect(expiryReason(past, at(0))).toBe('LICENSE_EXPIRED');
    });

    it('moves later by completed frozen time, also from before activation', () => {
      const frozenBefore = replay(input, [
        ['freeze', HOUR],
        ['unfreeze', 3 * HOUR],
        ['activate', 4 * HOUR],
        ['freeze', 5 * HOUR],
        ['unfreeze', 6 * HOUR],
      ]);
      expect(frozenBefore.frozenMs).toBe(3 * HOUR);
      expect(frozenBefore.frozenMsBeforeActivation).toBe(2 * HOUR);
      expect(computeEffectiveExpiry(frozenBefore, at(DAY_MS)).effectiveExpiresAt).toEqual(at(10 * DAY_MS + 3 * HOUR));
      expect(expiryReason(frozenBefore, at(10 * DAY_MS + 3 * HOUR - 1))).toBeNull();
      expect(expiryReason(frozenBefore, at(10 * DAY_MS + 3 * HOUR))).toBe('LICENSE_EXPIRED');
    });

    it('counts the interval in progress and keeps moving while frozen', () => {
      const frozen = replay(input, [
        ['freeze', HOUR],
        ['unfreeze', 2 * HOUR],
        ['freeze', 3 * HOUR],
      ]);
      expect(computeEffectiveExpiry(frozen, at(3 * HOUR)).effectiveExpiresAt).toEqual(at(10 * DAY_MS + HOUR));
      expect(computeEffectiveExpiry(frozen, at(5 * HOUR)).effectiveExpiresAt).toEqual(at(10 * DAY_MS + 3 * HOUR));
    });

    it('never expires while frozen, even long past the original date, and resumes after unfreezing', () => {
      const frozen = replay(input, [['freeze', 9 * DAY_MS]]);
      expect(expiryReason(frozen, at(10 * DAY_MS))).toBeNull();
      expect(expiryReason(frozen, at(400 * DAY_MS))).toBeNull();

      // Frozen for 5 days with 1 day left: expiry moves from day 10 to day 15.
      const thawed = replay(frozen, [['unfreeze', 14 * DAY_MS]]);
      expect(thawed.frozenMs).toBe(5 * DAY_MS);
      expect(computeEffectiveExpiry(thawed, at(14 * DAY_MS)).effectiveExpiresAt).toEqual(at(15 * DAY_MS));
      expect(expiryReason(thawed, at(15 * DAY_MS - 1))).toBeNull();
      expect(expiryReason(thawed, at(15 * DAY_MS))).toBe('LICENSE_EXPIRED');
    });

    it('does not expire while frozen even if it was already expired when frozen, and is expired again after', () => {
      const past = license({ expirationMode: 'fixed', expiresAt: at(-DAY_MS) });
      const frozen = replay(past, [['freeze', 0]]);
      expect(expiryReason(frozen, at(HOUR))).toBeNull();
      const thawed = replay(frozen, [['unfreeze', HOUR]]);
      expect(computeEffectiveExpiry(thawed, at(HOUR)).effectiveExpiresAt).toEqual(at(-DAY_MS + HOUR));
      expect(expiryReason(thawed, at(HOUR))).toBe('LICENSE_EXPIRED');
    });

    it('treats a missing expiresAt as no bound', () => {
      expect(computeEffectiveExpiry(license({ expirationMode: 'fixed' }), at(0))).toEqual({ effectiveExpiresAt: null, bound: null });
    });
  });

  describe('afterActivation', () => {
    const input = license({ expirationMode: 'afterActivation', expiresAfterDays: 30 });

    it('has no expiry before activation', () => {
      expect(computeEffectiveExpiry(input, at(1000 * DAY_MS))).toEqual({ effectiveExpiresAt: null, bound: null });
      expect(expiryReason(input, at(1000 * DAY_MS))).toBeNull();
    });

    it('is activatedAt + days after activation, ignoring expiresAt', () => {
      const activated = replay({ ...input, expiresAt: at(DAY_MS) }, [['activate', 2 * DAY_MS]]);
      expect(computeEffectiveExpiry(activated, at(2 * DAY_MS))).toEqual({ effectiveExpiresAt: at(32 * DAY_MS), bound: 'relative' });
    });

    it('is 1 ms before / at / after the boundary: not expired / expired / expired', () => {
      const activated = replay(input, [['activate', 0]]);
      expect(expiryReason(activated, at(30 * DAY_MS - 1))).toBeNull();
      expect(expiryReason(activated, at(30 * DAY_MS))).toBe('LICENSE_EXPIRED_RELATIVE');
      expect(expiryReason(activated, at(30 * DAY_MS + 1))).toBe('LICENSE_EXPIRED_RELATIVE');
    });

    it('does not count frozen time from before activation', () => {
      const activated = replay(input, [
        ['freeze', DAY_MS],
        ['unfreeze', 3 * DAY_MS],
        ['activate', 5 * DAY_MS],
      ]);
      expect(activated.frozenMsBeforeActivation).toBe(2 * DAY_MS);
      expect(computeEffectiveExpiry(activated, at(5 * DAY_MS)).effectiveExpiresAt).toEqual(at(35 * DAY_MS));
    });

    it('counts several frozen intervals after activation, completed and in progress', () => {
      const base = replay(input, [
        ['freeze', 0],
        ['unfreeze', HOUR],
        ['activate', 2 * HOUR],
        ['freeze', 3 * HOUR],
        ['unfreeze', 5 * HOUR],
        ['freeze', 6 * HOUR],
        ['unfreeze', 9 * HOUR],
      ]);
      // 2 h + 3 h frozen after activation at 2 h.
      expect(computeEffectiveExpiry(base, at(10 * HOUR)).effectiveExpiresAt).toEqual(at(2 * HOUR + 30 * DAY_MS + 5 * HOUR));

      const inProgress = replay(base, [['freeze', 10 * HOUR]]);
      expect(computeEffectiveExpiry(inProgress, at(14 * HOUR)).effectiveExpiresAt).toEqual(at(2 * HOUR + 30 * DAY_MS + 9 * HOUR));
      expect(expiryReason(inProgress, at(100 * DAY_MS))).toBeNull();
    });

    it('frozen before activation then activated while frozen: only the part after activation counts', () => {
      const activatedWhileFrozen = replay(input, [
        ['freeze', DAY_MS],
        ['activate', 3 * DAY_MS],
      ]);
      expect(activatedWhileFrozen.frozenAt).toEqual(at(DAY_MS));
      expect(activatedWhileFrozen.frozenMs).toBe(0);
      expect(activatedWhileFrozen.frozenMsBeforeActivation).toBe(2 * DAY_MS);
      // Still frozen: the bound moves with the clock from the activation instant.
      expect(computeEffectiveExpiry(activatedWhileFrozen, at(3 * DAY_MS)).effectiveExpiresAt).toEqual(at(33 * DAY_MS));
      expect(computeEffectiveExpiry(activatedWhileFrozen, at(7 * DAY_MS)).effectiveExpiresAt).toEqual(at(37 * DAY_MS));
      expect(expiryReason(activatedWhileFrozen, at(50 * DAY_MS))).toBeNull();

      const thawed = replay(activatedWhileFrozen, [['unfreeze', 7 * DAY_MS]]);
      expect(thawed.frozenMs).toBe(6 * DAY_MS);
      expect(computeEffectiveExpiry(thawed, at(8 * DAY_MS))).toEqual({ effectiveExpiresAt: at(37 * DAY_MS), bound: 'relative' });
      expect(expiryReason(thawed, at(37 * DAY_MS - 1))).toBeNull();
      expect(expiryReason(thawed, at(37 * DAY_MS))).toBe('LICENSE_EXPIRED_RELATIVE');
    });
  });

  describe('both', () => {
    const input = license({ expirationMode: 'both', expiresAt: at(20 * DAY_MS), expiresAfterDays: 10 });

    it('uses only the fixed date before activation', () => {
      expect(computeEffectiveExpiry(input, at(0))).toEqual({ effectiveExpiresAt: at(20 * DAY_MS), bound: 'fixed' });
      expect(expiryReason(input, at(20 * DAY_MS))).toBe('LICENSE_EXPIRED');
    });

    it('uses the relative bound when it is earlier', () => {
      const activated = replay(input, [['activate', DAY_MS]]);
      expect(computeEffectiveExpiry(activated, at(DAY_MS))).toEqual({ effectiveExpiresAt: at(11 * DAY_MS), bound: 'relative' });
      expect(expiryReason(activated, at(11 * DAY_MS - 1))).toBeNull();
      expect(expiryReason(activated, at(11 * DAY_MS))).toBe('LICENSE_EXPIRED_RELATIVE');
    });

    it('uses the fixed date when it is earlier', () => {
      const activated = replay(input, [['activate', 15 * DAY_MS]]);
      expect(computeEffectiveExpiry(activated, at(15 * DAY_MS))).toEqual({ effectiveExpiresAt: at(20 * DAY_MS), bound: 'fixed' });
      expect(expiryReason(activated, at(20 * DAY_MS))).toBe('LICENSE_EXPIRED');
    });

    it('reports the fixed date on a tie', () => {
      const activated = replay(input, [['activate', 10 * DAY_MS]]);
      expect(computeEffectiveExpiry(activated, at(10 * DAY_MS))).toEqual({ effectiveExpiresAt: at(20 * DAY_MS), bound: 'fixed' });
      expect(expiryReason(activated, at(20 * DAY_MS - 1))).toBeNull();
      expect(expiryReason(activated, at(20 * DAY_MS))).toBe('LICENSE_EXPIRED');
    });

    it('reports the relative bound when it is 1 ms earlier than the fixed date', () => {
      const activated = replay(input, [['activate', 10 * DAY_MS - 1]]);
      expect(computeEffectiveExpiry(activated, at(10 * DAY_MS))).toEqual({ effectiveExpiresAt: at(20 * DAY_MS - 1), bound: 'relative' });
      expect(expiryReason(activated, at(20 * DAY_MS - 1))).toBe('LICENSE_EXPIRED_RELATIVE');
    });

    it('can switch bound when frozen time from before activation moves only the fixed date', () => {
      // 3 days frozen before activation move the fixed date to day 23 but not the relative bound.
      const activated = replay(input, [
        ['freeze', 0],
        ['unfreeze', 3 * DAY_MS],
        ['activate', 12 * DAY_MS],
      ]);
      expect(computeEffectiveExpiry(activated, at(12 * DAY_MS))).toEqual({ effectiveExpiresAt: at(22 * DAY_MS), bound: 'relative' });

      const later = replay(input, [
        ['freeze', 0],
        ['unfreeze', 3 * DAY_MS],
        ['activate', 14 * DAY_MS],
      ]);
      expect(computeEffectiveExpiry(later, at(14 * DAY_MS))).toEqual({ effectiveExpiresAt: at(23 * DAY_MS), bound: 'fixed' });
    });

    it('moves both bounds by frozen time after activation and never expires while frozen', () => {
      const frozen = replay(input, [
        ['activate', DAY_MS],
        ['freeze', 2 * DAY_MS],
      ]);
      expect(expiryReason(frozen, at(30 * DAY_MS))).toBeNull();
      const thawed = replay(frozen, [['unfreeze', 4 * DAY_MS]]);
      expect(computeEffectiveExpiry(thawed, at(4 * DAY_MS))).toEqual({ effectiveExpiresAt: at(13 * DAY_MS), bound: 'relative' });
    });

    it('is expired at once with a past expiresAt, whatever the relative bound', () => {
      const past = replay({ ...input, expiresAt: at(-HOUR) }, [['activate', 0]]);
      expect(computeEffectiveExpiry(past, at(0))).toEqual({ effectiveExpiresAt: at(-HOUR), bound: 'fixed' });
      expect(expiryReason(past, at(0))).toBe('LICENSE_EXPIRED');
    });
  });
});

describe('freeze helpers', () => {
  it('freezing starts an interval at now without touching completed time', () => {
    expect(freeze({ frozenAt: null, frozenMs: 7 }, at(HOUR))).toEqual({ frozenAt: at(HOUR), frozenMs: 7 });
  });

  it('freezing an already frozen license is a no-op', () => {
    const once = freeze({ frozenAt: null, frozenMs: 0 }, at(HOUR));
    const twice = freeze(once, at(5 * HOUR));
    expect(twice).toEqual({ frozenAt: at(HOUR), frozenMs: 0 });
    expect(unfreeze(twice, at(6 * HOUR))).toEqual({ frozenAt: null, frozenMs: 5 * HOUR });
  });

  it('unfreezing adds the finished interval', () => {
    expect(unfreeze({ frozenAt: at(HOUR), frozenMs: 10 }, at(3 * HOUR))).toEqual({ frozenAt: null, frozenMs: 2 * HOUR + 10 });
  });

  it('unfreezing an unfrozen license is a no-op', () => {
    expect(unfreeze({ frozenAt: null, frozenMs: 10 }, at(3 * HOUR))).toEqual({ frozenAt: null, frozenMs: 10 });
  });

  it('freezeTransition matches freeze/unfreeze and does not mutate its input', () => {
    const state = { frozenAt: at(0), frozenMs: 1 };
    expect(freezeTransition(state, false, at(HOUR))).toEqual(unfreeze(state, at(HOUR)));
    expect(freezeTransition(state, true, at(HOUR))).toEqual(freeze(state, at(HOUR)));
    expect(state).toEqual({ frozenAt: at(0), frozenMs: 1 });
  });

  it('returns a copy of now, not the caller’s Date', () => {
    const now = at(HOUR);
    const frozen = freeze({ frozenAt: null, frozenMs: 0 }, now);
    now.setTime(0);
    expect(frozen.frozenAt).toEqual(at(HOUR));
  });

  it('never counts negative time when the clock is behind frozenAt', () => {
    expect(unfreeze({ frozenAt: at(HOUR), frozenMs: 5 }, at(0))).toEqual({ frozenAt: null, frozenMs: 5 });
    expect(totalFrozenMs({ frozenAt: at(HOUR), frozenMs: 5 }, at(0))).toBe(5);
  });

  it('totalFrozenMs adds the interval in progress', () => {
    expect(totalFrozenMs({ frozenAt: null, frozenMs: 5 }, at(HOUR))).toBe(5);
    expect(totalFrozenMs({ frozenAt: at(0), frozenMs: 5 }, at(HOUR))).toBe(HOUR + 5);
  });
});

describe('activationSnapshot', () => {
  it('is 0 for a license never frozen', () => {
    expect(activationSnapshot({ frozenAt: null, frozenMs: 0 }, at(DAY_MS))).toBe(0);
  });

  it('is the completed frozen time when not frozen', () => {
    expect(activationSnapshot({ frozenAt: null, frozenMs: 3 * HOUR }, at(DAY_MS))).toBe(3 * HOUR);
  });

  it('includes the part of an interval in progress at activation', () => {
    expect(activationSnapshot({ frozenAt: at(HOUR), frozenMs: 3 * HOUR }, at(4 * HOUR))).toBe(6 * HOUR);
  });
});
