import { describe, expect, it, jest } from '@jest/globals';
import { applyPolicyDefaults } from '@geckoguard/policies';
import type { AuthorizationInput, LicenseState } from './authorization-decision.js';

// Pure code only: map the libs whose indexes also export Nest modules to their domain rules.
jest.unstable_mockModule('@geckoguard/bindings', () => import('../../../bindings/src/domain/binding-rule.js'));
jest.unstable_mockModule('@geckoguard/blacklists', () => import('../../../blacklists/src/domain/blacklist-rule.js'));
jest.unstable_mockModule('@geckoguard/sessions', () => import('../../../sessions/src/domain/session-rule.js'));
const { decideInMode, seatPolicy } = await import('./decision-mode.js');

const NOW = new Date('2030-06-01T12:00:00.000Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

const license: LicenseState = {
  id: 'l1',
  productId: 'p1',
  productCode: 'APP',
  revokedAt: null,
  lockedAt: null,
  expirationMode: 'never',
  expiresAt: null,
  expiresAfterDays: null,
  activatedAt: null,
  frozenAt: null,
  frozenMs: 0,
  frozenMsBeforeActivation: 0,
};

function input(overrides: Partial<AuthorizationInput> = {}): AuthorizationInput {
  return {
    license,
    productIds: [],
    productCodes: null,
    policy: applyPolicyDefaults({}),
    blacklist: { hwid: null, ip: null },
    hwidBindings: [],
    ipBindings: [],
    openSessions: [],
    presented: { hwidHash: 'ctx-a', ipHash: 'ip', region: null, sessionIdHash: 'seat-a' },
    now: NOW,
    ...overrides,
  };
}

const seat = (hash: string, lastSeenSecondsAgo: number, revoked = false) => ({
  sessionIdHash: hash,
  lastSeenAt: ago(lastSeenSecondsAgo),
  revokedAt: revoked ? ago(1) : null,
});

describe('seatPolicy', () => {
  it('validate ignores seats; activate allots one seat unless the policy limits concurrency', () => {
    const unlimited = applyPolicyDefaults({});
    expect(seatPolicy('validate', unlimited).limits.concurrency.mode).toBe('unlimited');
    expect(seatPolicy('activate', unlimited).limits.concurrency).toEqual({ mode: 'limit', maxActive: 1, sessionTtlSeconds: 600 });
    const limited = applyPolicyDefaults({ limits: { concurrency: { mode: 'limit', maxActive: 3, sessionTtlSeconds: 120 } } });
    expect(seatPolicy('activate', limited).limits.concurrency).toEqual({ mode: 'limit', maxActive: 3, sessionTtlSeconds: 120 });
    expect(seatPolicy('authorize', unlimited)).toBe(unlimited);
  });
});

describe('decideInMode', () => {
  it('productCodes: the license product code must be listed', () => {
    expect(decideInMode('validate', input({ productCodes: ['OTHER'] }))).toMatchObject({ allow: false, reasonCode: 'PRODUCT_MISMATCH' });
    expect(decideInMode('validate', input({ productCodes: ['OTHER', 'APP'] }))).toMatchObject({ allow: true });
  });

  it('validate starts no session and ignores the seat pool, also under a concurrency limit', () => {
    const policy = applyPolicyDefaults({ limits: { concurrency: { mode: 'limit', maxActive: 1 } } });
    const outcome = decideInMode('validate', input({ policy, openSessions: [seat('other', 10)] }));
    expect(outcome).toMatchObject({ allow: true, session: 'none' });
  });

  it('activate: one seat by default; the holder refreshes, another context is refused, a lapsed seat is free', () => {
    expect(decideInMode('activate', input())).toMatchObject({ allow: true, session: 'create' });
    expect(decideInMode('activate', input({ openSessions: [seat('seat-a', 10)] }))).toMatchObject({ allow: true, session: 'refresh' });
    expect(decideInMode('activate', input({ openSessions: [seat('other', 10)] }))).toMatchObject({ allow: false, reasonCode: 'CONCURRENCY_LIMIT_EXCEEDED' });
    expect(decideInMode('activate', input({ openSessions: [seat('other', 600)] }))).toMatchObject({ allow: true, session: 'create' });
    expect(decideInMode('activate', input({ openSessions: [seat('seat-a', 700)] }))).toMatchObject({ allow: true, session: 'replace' });
  });

  it('activate after a revoke starts a new seat instead of refusing the context', () => {
    expect(decideInMode('activate', input({ openSessions: [seat('seat-a', 10, true)] }))).toMatchObject({ allow: true, session: 'create' });
    // authorize keeps refusing a revoked session id
    expect(decideInMode('authorize', input({ openSessions: [seat('seat-a', 10, true)] }))).toMatchObject({ allow: false, reasonCode: 'SESSION_REVOKED' });
  });

  it('activate without an authContext needs one for a seat (after the HWID rule)', () => {
    const none = { hwidHash: null, ipHash: 'ip', region: null, sessionIdHash: null };
    expect(decideInMode('activate', input({ presented: none }))).toMatchObject({ allow: false, reasonCode: 'SESSION_REQUIRED' });
    const sticky = applyPolicyDefaults({ limits: { hwid: { mode: 'sticky' } } });
    expect(decideInMode('activate', input({ presented: none, policy: sticky }))).toMatchObject({ allow: false, reasonCode: 'HWID_REQUIRED' });
  });

  it('maxActive seats when the policy limits concurrency', () => {
    const policy = applyPolicyDefaults({ limits: { concurrency: { mode: 'limit', maxActive: 2 } } });
    expect(decideInMode('activate', input({ policy, openSessions: [seat('other', 10)] }))).toMatchObject({ allow: true, remaining: { concurrency: 0 } });
    expect(decideInMode('activate', input({ policy, openSessions: [seat('b', 10), seat('c', 10)] }))).toMatchObject({ allow: false, reasonCode: 'CONCURRENCY_LIMIT_EXCEEDED' });
  });

  it('extend: only the active holder; lapsed, revoked, absent or missing context is NO_ACTIVE_SESSION', () => {
    expect(decideInMode('extend', input({ openSessions: [seat('seat-a', 10)] }))).toMatchObject({ allow: true, session: 'refresh' });
    for (const openSessions of [[], [seat('seat-a', 700)], [seat('seat-a', 10, true)], [seat('other', 10)], [seat('seat-a', 700), seat('other', 10)]]) {
      expect(decideInMode('extend', input({ openSessions }))).toMatchObject({ allow: false, reasonCode: 'NO_ACTIVE_SESSION' });
    }
    const none = { hwidHash: null, ipHash: 'ip', region: null, sessionIdHash: null };
    expect(decideInMode('extend', input({ presented: none }))).toMatchObject({ allow: false, reasonCode: 'NO_ACTIVE_SESSION' });
  });

  it('license checks come first in every mode', () => {
    const locked = { ...license, lockedAt: ago(5) };
    for (const mode of ['validate', 'activate', 'extend'] as const) {
      expect(decideInMode(mode, input({ license: locked, openSessions: [seat('seat-a', 10)] }))).toMatchObject({ allow: false, reasonCode: 'LICENSE_LOCKED' });
    }
  });
});
