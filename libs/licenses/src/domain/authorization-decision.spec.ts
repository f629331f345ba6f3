import { describe, expect, it, jest } from '@jest/globals';
import { applyPolicyDefaults, type EffectivePolicy, type PolicyDocument } from '@geckoguard/policies';
import type { AuthorizationInput, AuthorizationOutcome, BoundBinding, DenialCode, LicenseState } from './authorization-decision.js';

// The decision is pure, but the bindings, blacklists and sessions lib indexes also export their Nest modules
// (controllers, guards, handlers). Map each to its domain rule so this test loads no Nest graph at all.
jest.unstable_mockModule('@geckoguard/bindings', () => import('../../../bindings/src/domain/binding-rule.js'));
jest.unstable_mockModule('@geckoguard/blacklists', () => import('../../../blacklists/src/domain/blacklist-rule.js'));
jest.unstable_mockModule('@geckoguard/sessions', () => import('../../../sessions/src/domain/session-rule.js'));
const { DENIAL_MESSAGES, decideAuthorization, regionsOf } = await import('./authorization-decision.js');

const HOUR = 3_600_000;
const DAY = 86_400_000;
const NOW = new Date('2030-06-01T12:00:00.000Z');
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);
const later = (ms: number): Date => new Date(NOW.getTime() + ms);

const PRODUCT = 'product-1';
const OTHER_PRODUCT = 'product-2';

const policyOf = (doc: PolicyDocument): EffectivePolicy => applyPolicyDefaults(doc);
const UNLIMITED = policyOf({});

const baseLicense: LicenseState = {
  id: 'license-1',
  productId: PRODUCT,
  revokedAt: null,
  lockedAt: null,
  expirationMode: 'never',
  expiresAt: null,
  expiresAfterDays: null,
  activatedAt: ago(DAY),
  frozenAt: null,
  frozenMs: 0,
  frozenMsBeforeActivation: 0,
};

const binding = (value: string, region: string | null = null, firstAgo = DAY, lastAgo = 0): BoundBinding => ({
  value,
  region,
  firstSeenAt: ago(firstAgo),
  lastSeenAt: ago(lastAgo),
});

/** A plain allowed request under the unlimited default policy. */
function input(overrides: Partial<AuthorizationInput> = {}): AuthorizationInput {
  return {
    license: baseLicense,
    productIds: [PRODUCT, PRODUCT],
    policy: UNLIMITED,
    blacklist: { hwid: null, ip: null },
    hwidBindings: [],
    ipBindings: [],
    openSessions: [],
    presented: { hwidHash: 'hwid-1', ipHash: 'ip-1', region: 'FR', sessionIdHash: null },
    now: NOW,
    ...overrides,
  };
}

const withLicense = (i: AuthorizationInput, patch: Partial<LicenseState>): AuthorizationInput => ({ ...i, license: { ...i.license!, ...patch } });
const withPresented = (i: AuthorizationInput, patch: Partial<AuthorizationInput['presented']>): AuthorizationInput => ({
  ...i,
  presented: { ...i.presented, ...patch },
});

const denied = (code: DenialCode, message = DENIAL_MESSAGES[code]): AuthorizationOutcome => ({ allow: false, reasonCode: code, message });

function allowed(outcome: AuthorizationOutcome): Extract<AuthorizationOutcome, { allow: true }> {
  if (!outcome.allow) throw new Error(`expected an allowed decision, got ${outcome.reasonCode}`);
  return outcome;
}

describe('decideAuthorization (API.md §5)', () => {
  describe('the order of checks: each failure wins over every later one', () => {
    // A request that passes every check, under rules strict enough that each later check can be made to fail.
    const strict = policyOf({
      limits: {
        hwid: { mode: 'sticky' },
        ip: { mode: 'limit', maxDistinct: 1 },
        concurrency: { mode: 'limit', maxActive: 1 },
      },
    });
    const passing = input({
      policy: strict,
      hwidBindings: [binding('hwid-1')],
      ipBindings: [binding('ip-1')],
      presented: { hwidHash: 'hwid-1', ipHash: 'ip-1', region: 'FR', sessionIdHash: 'session-1' },
    });

    const failures: Array<[DenialCode, (i: AuthorizationInput) => AuthorizationInput]> = [
      ['LICENSE_NOT_FOUND', (i) => ({ ...i, license: null, policy: null })],
      ['PRODUCT_MISMATCH', (i) => ({ ...i, productIds: [PRODUCT, OTHER_PRODUCT] })],
      ['LICENSE_REVOKED', (i) => withLicense(i, { revokedAt: ago(HOUR) })],
      ['LICENSE_LOCKED', (i) => withLicense(i, { lockedAt: ago(HOUR) })],
      ['HWID_BLACKLISTED', (i) => ({ ...i, blacklist: { ...i.blacklist, hwid: { reason: null } } })],
      ['IP_BLACKLISTED', (i) => ({ ...i, blacklist: { ...i.blacklist, ip: { reason: null } } })],
      ['LICENSE_EXPIRED', (i) => withLicense(i, { expirationMode: 'fixed', expiresAt: ago(1) })],
      ['HWID_MISMATCH', (i) => withPresented(i, { hwidHash: 'hwid-2' })],
      ['IP_LIMIT_EXCEEDED', (i) => withPresented(i, { ipHash: 'ip-2' })],
      ['SESSION_REVOKED', (i) => ({ ...i, openSessions: [{ sessionIdHash: 'session-1', lastSeenAt: ago(1000), revokedAt: ago(500) }] })],
    ];

    it('the passing request is allowed', () => {
      expect(decideAuthorization(passing).allow).toBe(true);
    });

    it.each(failures.map(([code], k) => [code, k] as const))('%s alone decides', (code, k) => {
      const [, fail] = failures[k]!;
      expect(decideAuthorization(fail(passing))).toEqual(denied(code));
    });

    it.each(failures.map(([code], k) => [code, k] as const))('%s wins over each later failure and over all of them together', (code, k) => {
      const [, fail] = failures[k]!;
      const rest = failures.slice(k + 1);
      for (const [, next] of rest) expect(decideAuthorization(next(fail(passing)))).toEqual(denied(code));
      const everything = rest.reduce((acc, [, next]) => next(acc), fail(passing));
      expect(decideAuthorization(everything)).toEqual(denied(code));
    });

    it('the remaining session, IP and HWID denials keep their order too', () => {
      const required = withPresented(passing, { hwidHash: null, sessionIdHash: null });
      expect(decideAuthorization(required)).toEqual(denied('HWID_REQUIRED'));
      expect(decideAuthorization(withPresented(passing, { sessionIdHash: null, ipHash: 'ip-2' }))).toEqual(denied('IP_LIMIT_EXCEEDED'));
      expect(decideAuthorization(withPresented(passing, { sessionIdHash: null }))).toEqual(denied('SESSION_REQUIRED'));
      const full = { ...passing, openSessions: [{ sessionIdHash: 'other', lastSeenAt: ago(1000), revokedAt: null }] };
      expect(decideAuthorization(full)).toEqual(denied('CONCURRENCY_LIMIT_EXCEEDED'));
      expect(decideAuthorization(withPresented(full, { hwidHash: 'hwid-2' }))).toEqual(denied('HWID_MISMATCH'));
    });

    it('relative expiry sits in the same place: after the blacklists, before the HWID rule', () => {
      const relative = withLicense(passing, { expirationMode: 'afterActivation', expiresAfterDays: 1, activatedAt: ago(DAY) });
      expect(decideAuthorization(withPresented(relative, { hwidHash: null }))).toEqual(denied('LICENSE_EXPIRED_RELATIVE'));
      expect(decideAuthorization({ ...relative, blacklist: { hwid: null, ip: { reason: 'r' } } })).toEqual(denied('IP_BLACKLISTED', 'r'));
    });
  });

  describe('check 1: license exists', () => {
    it('is LICENSE_NOT_FOUND for a null license', () => {
      expect(decideAuthorization(input({ license: null, policy: null }))).toEqual(denied('LICENSE_NOT_FOUND'));
      expect(decideAuthorization(input({ license: null }))).toEqual(denied('LICENSE_NOT_FOUND'));
    });

    it('wins even over a blacklisted HWID and a mismatched product', () => {
      const outcome = decideAuthorization(input({ license: null, policy: null, productIds: [OTHER_PRODUCT], blacklist: { hwid: { reason: 'x' }, ip: null } }));
      expect(outcome).toEqual(denied('LICENSE_NOT_FOUND'));
    });
  });

  describe('check 2: product', () => {
    it('is PRODUCT_MISMATCH when the requested product is another one', () => {
      expect(decideAuthorization(input({ productIds: [OTHER_PRODUCT, PRODUCT] }))).toEqual(denied('PRODUCT_MISMATCH'));
    });

    it("is PRODUCT_MISMATCH when the API key's product is another one", () => {
      expect(decideAuthorization(input({ productIds: [PRODUCT, OTHER_PRODUCT] }))).toEqual(denied('PRODUCT_MISMATCH'));
    });

    it('is PRODUCT_MISMATCH when both are another one, even if they agree with each other', () => {
      expect(decideAuthorization(input({ productIds: [OTHER_PRODUCT, OTHER_PRODUCT] }))).toEqual(denied('PRODUCT_MISMATCH'));
    });

    it('passes when both are the license product', () => {
      expect(decideAuthorization(input({ productIds: [PRODUCT, PRODUCT] })).allow).toBe(true);
      expect(decideAuthorization(input({ productIds: [PRODUCT] })).allow).toBe(true);
    });
  });

  describe('check 3: revoked, then locked', () => {
    it('is LICENSE_REVOKED for a revoked license', () => {
      expect(decideAuthorization(withLicense(input(), { revokedAt: ago(1) }))).toEqual(denied('LICENSE_REVOKED'));
    });

    it('is LICENSE_LOCKED for a locked license', () => {
      expect(decideAuthorization(withLicense(input(), { lockedAt: ago(1) }))).toEqual(denied('LICENSE_LOCKED'));
    });

    it('revoked wins over locked', () => {
      expect(decideAuthorization(withLicense(input(), { revokedAt: ago(1), lockedAt: ago(2) }))).toEqual(denied('LICENSE_REVOKED'));
    });

    it('revoked and locked win over frozen and expired', () => {
      const frozenExpired = { expirationMode: 'fixed' as const, expiresAt: ago(DAY), frozenAt: ago(HOUR) };
      expect(decideAuthorization(withLicense(input(), { ...frozenExpired, lockedAt: ago(1) }))).toEqual(denied('LICENSE_LOCKED'));
      expect(decideAuthorization(withLicense(input(), { ...frozenExpired, revokedAt: ago(1) }))).toEqual(denied('LICENSE_REVOKED'));
    });
  });

  describe('check 4: blacklists', () => {
    it('HWID before IP, with the entry reason as the message', () => {
      const both = input({ blacklist: { hwid: { reason: 'stolen device' }, ip: { reason: 'abusive network' } } });
      expect(decideAuthorization(both)).toEqual(denied('HWID_BLACKLISTED', 'stolen device'));
      expect(decideAuthorization(input({ blacklist: { hwid: null, ip: { reason: 'abusive network' } } }))).toEqual(
        denied('IP_BLACKLISTED', 'abusive network'),
      );
    });

    it('falls back to a default message when the entry has no reason', () => {
      expect(decideAuthorization(input({ blacklist: { hwid: { reason: null }, ip: null } }))).toEqual(denied('HWID_BLACKLISTED'));
      expect(decideAuthorization(input({ blacklist: { hwid: null, ip: { reason: null } } }))).toEqual(denied('IP_BLACKLISTED'));
    });

    it('applies whatever the policy (blacklists come before the policy), also under an unlimited policy', () => {
      expect(decideAuthorization(input({ policy: UNLIMITED, blacklist: { hwid: null, ip: { reason: null } } })).allow).toBe(false);
    });

    it('wins over expiry', () => {
      const expired = withLicense(input({ blacklist: { hwid: null, ip: { reason: 'r' } } }), { expirationMode: 'fixed', expiresAt: ago(DAY) });
      expect(decideAuthorization(expired)).toEqual(denied('IP_BLACKLISTED', 'r'));
    });
  });

  describe('check 5: expiry', () => {
    it('is LICENSE_EXPIRED once the fixed date is reached, not 1 ms before', () => {
      const fixed = withLicense(input(), { expirationMode: 'fixed', expiresAt: NOW });
      expect(decideAuthorization(fixed)).toEqual(denied('LICENSE_EXPIRED'));
      expect(decideAuthorization({ ...fixed, now: ago(1) }).allow).toBe(true);
    });

    it('is LICENSE_EXPIRED_RELATIVE once the days after activation are reached', () => {
      const relative = withLicense(input(), { expirationMode: 'afterActivation', expiresAfterDays: 30, activatedAt: ago(30 * DAY) });
      expect(decideAuthorization(relative)).toEqual(denied('LICENSE_EXPIRED_RELATIVE'));
      expect(decideAuthorization({ ...relative, now: ago(1) }).allow).toBe(true);
    });

    it('never expires an afterActivation license before activation (and activates it)', () => {
      const fresh = withLicense(input(), { expirationMode: 'afterActivation', expiresAfterDays: 1, activatedAt: null });
      expect(allowed(decideAuthorization(fresh)).activate).toBe(true);
    });

    it('with both bounds reports the earlier one', () => {
      const both = { expirationMode: 'both' as const, expiresAfterDays: 10, activatedAt: ago(10 * DAY) };
      expect(decideAuthorization(withLicense(input(), { ...both, expiresAt: later(DAY) }))).toEqual(denied('LICENSE_EXPIRED_RELATIVE'));
      expect(decideAuthorization(withLicense(input(), { ...both, expiresAt: ago(HOUR), activatedAt: ago(HOUR) }))).toEqual(denied('LICENSE_EXPIRED'));
    });

    it('on a tie of both bounds reports LICENSE_EXPIRED', () => {
      const tie = withLicense(input(), { expirationMode: 'both', expiresAt: NOW, expiresAfterDays: 10, activatedAt: ago(10 * DAY) });
      expect(decideAuthorization(tie)).toEqual(denied('LICENSE_EXPIRED'));
    });

    it('a frozen license authorizes even past its dates: expiry is paused while frozen', () => {
      const frozen = withLicense(input(), { expirationMode: 'both', expiresAt: ago(DAY), expiresAfterDays: 1, activatedAt: ago(10 * DAY), frozenAt: ago(HOUR) });
      const outcome = allowed(decideAuthorization(frozen));
      expect(outcome.activate).toBe(false);
    });

    it('a frozen license is still subject to the policy rules', () => {
      const policy = policyOf({ limits: { hwid: { mode: 'sticky' } } });
      const frozen = withLicense(input({ policy, hwidBindings: [binding('hwid-1')] }), { frozenAt: ago(HOUR) });
      expect(decideAuthorization(withPresented(frozen, { hwidHash: 'hwid-2' }))).toEqual(denied('HWID_MISMATCH'));
    });

    it('an unfrozen license whose date moved by its frozen time is not expired until the moved date', () => {
      const thawed = withLicense(input(), { expirationMode: 'fixed', expiresAt: ago(HOUR), frozenMs: 2 * HOUR });
      expect(decideAuthorization(thawed).allow).toBe(true);
      expect(decideAuthorization({ ...thawed, now: later(HOUR) })).toEqual(denied('LICENSE_EXPIRED'));
    });
  });

  describe('check 6: HWID rule', () => {
    it('requires an HWID unless the mode is unlimited', () => {
      const noHwid = (policy: EffectivePolicy) => withPresented(input({ policy }), { hwidHash: null });
      expect(decideAuthorization(noHwid(UNLIMITED)).allow).toBe(true);
      expect(decideAuthorization(noHwid(policyOf({ limits: { hwid: { mode: 'sticky' } } })))).toEqual(denied('HWID_REQUIRED'));
      expect(decideAuthorization(noHwid(policyOf({ limits: { hwid: { mode: 'limit', maxDistinct: 5 } } })))).toEqual(denied('HWID_REQUIRED'));
    });

    it('sticky: the first binding leaves 0; the bound value passes; another is HWID_MISMATCH', () => {
      const policy = policyOf({ limits: { hwid: { mode: 'sticky' } } });
      const first = allowed(decideAuthorization(input({ policy })));
      expect(first.remaining.hwid).toBe(0);
      expect(first.hwidKnown).toBe(false);
      const again = allowed(decideAuthorization(input({ policy, hwidBindings: [binding('hwid-1')] })));
      expect(again.remaining.hwid).toBe(0);
      expect(again.hwidKnown).toBe(true);
      expect(decideAuthorization(withPresented(input({ policy, hwidBindings: [binding('hwid-1')] }), { hwidHash: 'hwid-2' }))).toEqual(
        denied('HWID_MISMATCH'),
      );
    });

    it('limit: HWID_LIMIT_EXCEEDED for a new value beyond maxDistinct; remaining counts down', () => {
      const policy = policyOf({ limits: { hwid: { mode: 'limit', maxDistinct: 2 } } });
      expect(allowed(decideAuthorization(input({ policy }))).remaining.hwid).toBe(1);
      expect(allowed(decideAuthorization(input({ policy, hwidBindings: [binding('a')] }))).remaining.hwid).toBe(0);
      expect(decideAuthorization(input({ policy, hwidBindings: [binding('a'), binding('b')] }))).toEqual(denied('HWID_LIMIT_EXCEEDED'));
      expect(allowed(decideAuthorization(input({ policy, hwidBindings: [binding('a'), binding('hwid-1')] }))).remaining.hwid).toBe(0);
    });

    it('applies no window to HWIDs, even when the IP rule has one', () => {
      const policy = policyOf({ limits: { hwid: { mode: 'limit', maxDistinct: 1 }, ip: { mode: 'limit', maxDistinct: 5, windowDays: 1 } } });
      expect(decideAuthorization(input({ policy, hwidBindings: [binding('a', null, 100 * DAY, 100 * DAY)] }))).toEqual(denied('HWID_LIMIT_EXCEEDED'));
    });
  });

  describe('check 7: IP rule (limitType ip)', () => {
    it('sticky: another address is IP_MISMATCH', () => {
      const policy = policyOf({ limits: { ip: { mode: 'sticky' } } });
      expect(decideAuthorization(input({ policy, ipBindings: [binding('ip-0')] }))).toEqual(denied('IP_MISMATCH'));
      const first = allowed(decideAuthorization(input({ policy })));
      expect(first.remaining.ip).toBe(0);
      expect(first.ipKnown).toBe(false);
    });

    it('limit: a new address beyond maxDistinct is IP_LIMIT_EXCEEDED; a known one passes', () => {
      const policy = policyOf({ limits: { ip: { mode: 'limit', maxDistinct: 2 } } });
      expect(decideAuthorization(input({ policy, ipBindings: [binding('a'), binding('b')] }))).toEqual(denied('IP_LIMIT_EXCEEDED'));
      const known = allowed(decideAuthorization(input({ policy, ipBindings: [binding('a'), binding('ip-1')] })));
      expect(known.remaining.ip).toBe(0);
      expect(known.ipKnown).toBe(true);
    });

    it('limit with windowDays: only bindings seen within the window count; a known address from before the window counts as new', () => {
      const policy = policyOf({ limits: { ip: { mode: 'limit', maxDistinct: 1, windowDays: 7 } } });
      const atEdge = [binding('a', null, 30 * DAY, 7 * DAY)];
      const beforeEdge = [binding('a', null, 30 * DAY, 7 * DAY + 1)];
      expect(decideAuthorization(input({ policy, ipBindings: atEdge }))).toEqual(denied('IP_LIMIT_EXCEEDED'));
      expect(allowed(decideAuthorization(input({ policy, ipBindings: beforeEdge }))).remaining.ip).toBe(0);

      const staleOwn = [binding('ip-1', null, 30 * DAY, 7 * DAY + 1), binding('b')];
      expect(decideAuthorization(input({ policy, ipBindings: staleOwn }))).toEqual(denied('IP_LIMIT_EXCEEDED'));
      const staleOwnWithRoom = allowed(decideAuthorization(input({ policy, ipBindings: [binding('ip-1', null, 30 * DAY, 7 * DAY + 1)] })));
      expect(staleOwnWithRoom.remaining.ip).toBe(0);
      expect(staleOwnWithRoom.ipKnown).toBe(true);
    });
  });

  describe('check 7: region rule (limitType region)', () => {
    const sticky = policyOf({ limits: { ip: { mode: 'sticky', limitType: 'region' } } });
    const limit = policyOf({ limits: { ip: { mode: 'limit', maxDistinct: 2, limitType: 'region' } } });

    it('sticky: another country is REGION_MISMATCH', () => {
      const outcome = decideAuthorization(withPresented(input({ policy: sticky, ipBindings: [binding('ip-0', 'FR')] }), { region: 'DE' }));
      expect(outcome).toEqual(denied('REGION_MISMATCH'));
    });

    it('sticky: a new address in the bound country passes (as a new IP binding), 0 remaining', () => {
      const outcome = allowed(decideAuthorization(withPresented(input({ policy: sticky, ipBindings: [binding('ip-0', 'FR')] }), { region: 'FR' })));
      expect(outcome.remaining.ip).toBe(0);
      expect(outcome.ipKnown).toBe(false);
    });

    it('sticky: the first country is the one of the earliest address, whichever binding is listed first', () => {
      const ipBindings = [binding('ip-de', 'DE', 3 * DAY), binding('ip-fr-new', 'FR', DAY), binding('ip-fr-old', 'FR', 5 * DAY)];
      expect(allowed(decideAuthorization(withPresented(input({ policy: sticky, ipBindings }), { region: 'FR' }))).remaining.ip).toBe(0);
      expect(decideAuthorization(withPresented(input({ policy: sticky, ipBindings }), { region: 'DE' }))).toEqual(denied('REGION_MISMATCH'));
    });

    it('limit: a new country beyond maxDistinct is REGION_LIMIT_EXCEEDED; addresses in known countries pass', () => {
      const ipBindings = [binding('a', 'FR'), binding('b', 'FR'), binding('c', 'DE')];
      expect(decideAuthorization(withPresented(input({ policy: limit, ipBindings }), { region: 'US' }))).toEqual(denied('REGION_LIMIT_EXCEEDED'));
      const sameCountry = allowed(decideAuthorization(withPresented(input({ policy: limit, ipBindings }), { region: 'DE', ipHash: 'd' })));
      expect(sameCountry.remaining.ip).toBe(0);
      expect(sameCountry.ipKnown).toBe(false);
    });

    it('limit: counts countries, not addresses', () => {
      const ipBindings = [binding('a', 'FR'), binding('b', 'FR'), binding('c', 'FR')];
      const outcome = allowed(decideAuthorization(withPresented(input({ policy: limit, ipBindings }), { region: 'DE' })));
      expect(outcome.remaining.ip).toBe(0);
      expect(allowed(decideAuthorization(withPresented(input({ policy: limit, ipBindings }), { region: 'FR' }))).remaining.ip).toBe(1);
    });

    it('an unknown region (null) is ZZ, both presented and bound', () => {
      const unknownBound = [binding('a', null)];
      expect(allowed(decideAuthorization(withPresented(input({ policy: sticky, ipBindings: unknownBound }), { region: null }))).remaining.ip).toBe(0);
      expect(allowed(decideAuthorization(withPresented(input({ policy: sticky, ipBindings: unknownBound }), { region: 'ZZ' }))).remaining.ip).toBe(0);
      expect(decideAuthorization(withPresented(input({ policy: sticky, ipBindings: unknownBound }), { region: 'FR' }))).toEqual(denied('REGION_MISMATCH'));
      expect(decideAuthorization(withPresented(input({ policy: sticky, ipBindings: [binding('a', 'FR')] }), { region: null }))).toEqual(
        denied('REGION_MISMATCH'),
      );
    });

    it('an unknown region counts as one country in limit mode', () => {
      const ipBindings = [binding('a', null), binding('b', 'ZZ')];
      const outcome = allowed(decideAuthorization(withPresented(input({ policy: limit, ipBindings }), { region: 'FR' })));
      expect(outcome.remaining.ip).toBe(0);
    });

    it('needs no address to be presented, only a region', () => {
      const outcome = allowed(decideAuthorization(withPresented(input({ policy: limit }), { ipHash: null, region: 'FR' })));
      expect(outcome.remaining.ip).toBe(1);
      expect(outcome.ipKnown).toBe(false);
    });

    it('limit with windowDays: a country counts while any of its addresses was seen within the window', () => {
      const windowed = policyOf({ limits: { ip: { mode: 'limit', maxDistinct: 1, windowDays: 7, limitType: 'region' } } });
      const oldAndNew = [binding('a', 'FR', 30 * DAY, 20 * DAY), binding('b', 'FR', 30 * DAY, 7 * DAY)];
      expect(decideAuthorization(withPresented(input({ policy: windowed, ipBindings: oldAndNew }), { region: 'DE' }))).toEqual(
        denied('REGION_LIMIT_EXCEEDED'),
      );
      const allOld = [binding('a', 'FR', 30 * DAY, 20 * DAY), binding('b', 'FR', 30 * DAY, 7 * DAY + 1)];
      expect(allowed(decideAuthorization(withPresented(input({ policy: windowed, ipBindings: allOld }), { region: 'DE' }))).remaining.ip).toBe(0);
    });

    it('ipKnown still looks at addresses, not countries', () => {
      const outcome = allowed(decideAuthorization(withPresented(input({ policy: sticky, ipBindings: [binding('ip-1', 'FR')] }), { region: 'FR' })));
      expect(outcome.ipKnown).toBe(true);
    });
  });

  describe('check 8: sessions', () => {
    const limit = policyOf({ limits: { concurrency: { mode: 'limit', maxActive: 1, sessionTtlSeconds: 60 } } });

    it('SESSION_REVOKED in unlimited mode too', () => {
      const outcome = decideAuthorization(
        withPresented(input({ openSessions: [{ sessionIdHash: 's', lastSeenAt: ago(1), revokedAt: ago(1) }] }), { sessionIdHash: 's' }),
      );
      expect(outcome).toEqual(denied('SESSION_REVOKED'));
    });

    it('SESSION_REQUIRED only in limit mode', () => {
      expect(allowed(decideAuthorization(input())).session).toBe('none');
      expect(decideAuthorization(input({ policy: limit }))).toEqual(denied('SESSION_REQUIRED'));
    });

    it('CONCURRENCY_LIMIT_EXCEEDED for a new session beyond maxActive active ones; a lapsed one frees the seat', () => {
      const other = (lastAgo: number) => [{ sessionIdHash: 'other', lastSeenAt: ago(lastAgo), revokedAt: null }];
      const mine = (openSessions: AuthorizationInput['openSessions']) => withPresented(input({ policy: limit, openSessions }), { sessionIdHash: 's' });
      expect(decideAuthorization(mine(other(59_999)))).toEqual(denied('CONCURRENCY_LIMIT_EXCEEDED'));
      const free = allowed(decideAuthorization(mine(other(60_000))));
      expect(free.session).toBe('create');
      expect(free.remaining.concurrency).toBe(0);
    });

    it('passes the session action through', () => {
      const s = (lastAgo: number) => [{ sessionIdHash: 's', lastSeenAt: ago(lastAgo), revokedAt: null }];
      const call = (openSessions: AuthorizationInput['openSessions']) => withPresented(input({ policy: limit, openSessions }), { sessionIdHash: 's' });
      expect(allowed(decideAuthorization(call([]))).session).toBe('create');
      expect(allowed(decideAuthorization(call(s(1000)))).session).toBe('refresh');
      expect(allowed(decideAuthorization(call(s(60_000)))).session).toBe('replace');
    });
  });

  describe('the allowed decision', () => {
    it('under the default policy: everything unlimited, no session', () => {
      expect(decideAuthorization(input({ license: { ...baseLicense, activatedAt: null } }))).toEqual({
        allow: true,
        remaining: { hwid: 'unlimited', ip: 'unlimited', concurrency: 'unlimited' },
        hwidKnown: false,
        ipKnown: false,
        session: 'none',
        activate: true,
      });
    });

    it('activate is true only when activatedAt is null', () => {
      expect(allowed(decideAuthorization(withLicense(input(), { activatedAt: null }))).activate).toBe(true);
      expect(allowed(decideAuthorization(withLicense(input(), { activatedAt: ago(1) }))).activate).toBe(false);
    });

    it('hwidKnown / ipKnown say whether a binding exists for the presented value, in every mode', () => {
      const known = allowed(decideAuthorization(input({ hwidBindings: [binding('hwid-1')], ipBindings: [binding('ip-1')] })));
      expect([known.hwidKnown, known.ipKnown]).toEqual([true, true]);
      const unknown = allowed(decideAuthorization(input({ hwidBindings: [binding('hwid-0')], ipBindings: [binding('ip-0')] })));
      expect([unknown.hwidKnown, unknown.ipKnown]).toEqual([false, false]);
      const nothing = allowed(decideAuthorization(withPresented(input({ hwidBindings: [binding('hwid-1')] }), { hwidHash: null, ipHash: null })));
      expect([nothing.hwidKnown, nothing.ipKnown]).toEqual([false, false]);
    });

    it('reports remaining for every rule together, after this call', () => {
      const policy = policyOf({
        limits: {
          hwid: { mode: 'limit', maxDistinct: 3 },
          ip: { mode: 'limit', maxDistinct: 5 },
          concurrency: { mode: 'limit', maxActive: 2 },
        },
      });
      const outcome = allowed(
        decideAuthorization(
          withPresented(
            input({
              policy,
              hwidBindings: [binding('hwid-0')],
              ipBindings: [binding('ip-0'), binding('ip-1')],
              openSessions: [],
            }),
            { sessionIdHash: 's' },
          ),
        ),
      );
      expect(outcome.remaining).toEqual({ hwid: 1, ip: 3, concurrency: 1 });
      expect(outcome).toMatchObject({ hwidKnown: false, ipKnown: true, session: 'create', activate: false });
    });

    it('does not modify its input', () => {
      const i = input({
        policy: policyOf({ limits: { ip: { mode: 'limit', maxDistinct: 3, limitType: 'region' } } }),
        ipBindings: [binding('a', 'FR', 5 * DAY, 2 * DAY), binding('b', 'FR', DAY, 0)],
      });
      const snapshot = structuredClone(i);
      decideAuthorization(i);
      expect(i).toEqual(snapshot);
    });
  });
});

describe('regionsOf', () => {
  it('is empty for no bindings', () => {
    expect(regionsOf([])).toEqual([]);
  });

  it('gives each country once, first seen with its earliest address, last seen with its latest', () => {
    const regions = regionsOf([
      binding('a', 'FR', 3 * DAY, 2 * DAY),
      binding('b', 'DE', 4 * DAY, 0),
      binding('c', 'FR', 5 * DAY, 4 * DAY),
      binding('d', 'FR', DAY, HOUR),
    ]);
    expect(regions).toHaveLength(2);
    expect(regions).toEqual(
      expect.arrayContaining([
        { value: 'FR', firstSeenAt: ago(5 * DAY), lastSeenAt: ago(HOUR) },
        { value: 'DE', firstSeenAt: ago(4 * DAY), lastSeenAt: ago(0) },
      ]),
    );
  });

  it('counts addresses without a region as ZZ, together with explicit ZZ', () => {
    expect(regionsOf([binding('a', null, 2 * DAY, DAY), binding('b', 'ZZ', DAY, 0)])).toEqual([
      { value: 'ZZ', firstSeenAt: ago(2 * DAY), lastSeenAt: ago(0) },
    ]);
  });

  it('does not modify the bindings it merges', () => {
    const bindings = [binding('a', 'FR', 3 * DAY, 2 * DAY), binding('b', 'FR', 5 * DAY, 0)];
    const snapshot = structuredClone(bindings);
    regionsOf(bindings);
    expect(bindings).toEqual(snapshot);
  });
});
