import { describe, expect, it } from '@jest/globals';
import { applyPolicyDefaults, type EffectivePolicy } from '@geckoguard/policies';
import { evaluateSessionRule, isSessionActive, type OpenSession } from './session-rule.js';

const NOW = new Date('2030-06-01T12:00:00.000Z');
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);

type ConcurrencyRule = EffectivePolicy['limits']['concurrency'];
const concurrency = (doc: Record<string, unknown>): ConcurrencyRule => applyPolicyDefaults({ limits: { concurrency: doc } }).limits.concurrency;

const TTL = 600;
const TTL_MS = TTL * 1000;

/** An open session with id hash `id`, last seen `lastAgo` ms ago. */
const session = (id: string, lastAgo = 0, revokedAt: Date | null = null): OpenSession => ({ sessionIdHash: id, lastSeenAt: ago(lastAgo), revokedAt });
const revoked = (id: string, lastAgo = 0): OpenSession => session(id, lastAgo, ago(lastAgo));
const lapsed = (id: string): OpenSession => session(id, TTL_MS);

describe('isSessionActive', () => {
  it('is active when seen 1 ms less than the TTL ago, and not when seen exactly the TTL ago', () => {
    expect(isSessionActive(session('s', TTL_MS - 1), TTL, NOW)).toBe(true);
    expect(isSessionActive(session('s', TTL_MS), TTL, NOW)).toBe(false);
    expect(isSessionActive(session('s', TTL_MS + 1), TTL, NOW)).toBe(false);
  });

  it('is active when just seen', () => {
    expect(isSessionActive(session('s', 0), TTL, NOW)).toBe(true);
  });

  it('is never active once revoked, however recently seen', () => {
    expect(isSessionActive(revoked('s', 0), TTL, NOW)).toBe(false);
  });

  it('uses the policy TTL in seconds', () => {
    expect(isSessionActive(session('s', 59_999), 60, NOW)).toBe(true);
    expect(isSessionActive(session('s', 60_000), 60, NOW)).toBe(false);
    expect(isSessionActive(session('s', 86_399_999), 86_400, NOW)).toBe(true);
  });
});

describe('evaluateSessionRule (API.md §5 check 8)', () => {
  describe('unlimited', () => {
    const rule = concurrency({});

    it('is the default mode, with the default TTL of 600 s', () => {
      expect(rule).toEqual({ mode: 'unlimited', maxActive: null, sessionTtlSeconds: 600 });
    });

    it('needs no session id: action none', () => {
      expect(evaluateSessionRule(rule, [], null, NOW)).toEqual({ allow: true, action: 'none', remaining: 'unlimited' });
      expect(evaluateSessionRule(rule, [session('a'), session('b')], null, NOW)).toEqual({ allow: true, action: 'none', remaining: 'unlimited' });
    });

    it('creates a session for a new id however many are active', () => {
      const many = Array.from({ length: 20 }, (_, i) => session(`s${i}`));
      expect(evaluateSessionRule(rule, many, 'new', NOW)).toEqual({ allow: true, action: 'create', remaining: 'unlimited' });
    });

    it('refreshes an active session and replaces a lapsed one', () => {
      expect(evaluateSessionRule(rule, [session('a', TTL_MS - 1)], 'a', NOW)).toEqual({ allow: true, action: 'refresh', remaining: 'unlimited' });
      expect(evaluateSessionRule(rule, [lapsed('a')], 'a', NOW)).toEqual({ allow: true, action: 'replace', remaining: 'unlimited' });
    });

    it('refuses a revoked session id (SESSION_REVOKED in every mode), active or long lapsed', () => {
      expect(evaluateSessionRule(rule, [revoked('a')], 'a', NOW)).toEqual({ allow: false, denial: 'SESSION_REVOKED' });
      expect(evaluateSessionRule(rule, [revoked('a', 100 * TTL_MS)], 'a', NOW)).toEqual({ allow: false, denial: 'SESSION_REVOKED' });
    });

    it('refuses an id with an open session when another of its sessions was revoked', () => {
      // The order the sessions come in does not matter.
      expect(evaluateSessionRule(rule, [session('a'), revoked('a', 100 * TTL_MS)], 'a', NOW)).toEqual({ allow: false, denial: 'SESSION_REVOKED' });
      expect(evaluateSessionRule(rule, [revoked('a', 100 * TTL_MS), session('a')], 'a', NOW)).toEqual({ allow: false, denial: 'SESSION_REVOKED' });
    });

    it('a revoked session of another id does not affect this one', () => {
      expect(evaluateSessionRule(rule, [revoked('a')], 'b', NOW)).toEqual({ allow: true, action: 'create', remaining: 'unlimited' });
      expect(evaluateSessionRule(rule, [revoked('a')], null, NOW)).toEqual({ allow: true, action: 'none', remaining: 'unlimited' });
    });

    it('ignores a maxActive kept from limit mode', () => {
      const kept = concurrency({ mode: 'unlimited', maxActive: 1 });
      expect(evaluateSessionRule(kept, [session('a'), session('b')], 'c', NOW)).toEqual({ allow: true, action: 'create', remaining: 'unlimited' });
      expect(evaluateSessionRule(kept, [session('a')], null, NOW)).toEqual({ allow: true, action: 'none', remaining: 'unlimited' });
    });
  });

  describe('limit', () => {
    const rule = concurrency({ mode: 'limit', maxActive: 2, sessionTtlSeconds: TTL });

    it('requires a session id (SESSION_REQUIRED), with or without sessions', () => {
      expect(evaluateSessionRule(rule, [], null, NOW)).toEqual({ allow: false, denial: 'SESSION_REQUIRED' });
      expect(evaluateSessionRule(rule, [session('a')], null, NOW)).toEqual({ allow: false, denial: 'SESSION_REQUIRED' });
    });

    it('refuses a revoked session id, also when there is room', () => {
      expect(evaluateSessionRule(rule, [revoked('a')], 'a', NOW)).toEqual({ allow: false, denial: 'SESSION_REVOKED' });
      expect(evaluateSessionRule(rule, [revoked('a', 10 * TTL_MS)], 'a', NOW)).toEqual({ allow: false, denial: 'SESSION_REVOKED' });
    });

    it('SESSION_REVOKED wins over CONCURRENCY_LIMIT_EXCEEDED', () => {
      expect(evaluateSessionRule(rule, [revoked('a'), session('b'), session('c')], 'a', NOW)).toEqual({
        allow: false,
        denial: 'SESSION_REVOKED',
      });
    });

    it('creates sessions until maxActive, counting remaining after this call', () => {
      expect(evaluateSessionRule(rule, [], 'a', NOW)).toEqual({ allow: true, action: 'create', remaining: 1 });
      expect(evaluateSessionRule(rule, [session('a')], 'b', NOW)).toEqual({ allow: true, action: 'create', remaining: 0 });
    });

    it('refuses a new session once maxActive sessions are active', () => {
      expect(evaluateSessionRule(rule, [session('a'), session('b')], 'c', NOW)).toEqual({ allow: false, denial: 'CONCURRENCY_LIMIT_EXCEEDED' });
    });

    it('refreshes its own active session at the limit, leaving 0', () => {
      const full = [session('a', 1000), session('b', TTL_MS - 1)];
      expect(evaluateSessionRule(rule, full, 'a', NOW)).toEqual({ allow: true, action: 'refresh', remaining: 0 });
      expect(evaluateSessionRule(rule, full, 'b', NOW)).toEqual({ allow: true, action: 'refresh', remaining: 0 });
    });

    it('refreshing with room left reports the room left', () => {
      expect(evaluateSessionRule(rule, [session('a')], 'a', NOW)).toEqual({ allow: true, action: 'refresh', remaining: 1 });
    });

    it('does not count revoked sessions of others', () => {
      const withRevoked = [revoked('a'), revoked('b'), session('c')];
      expect(evaluateSessionRule(rule, withRevoked, 'd', NOW)).toEqual({ allow: true, action: 'create', remaining: 0 });
    });

    it('does not count a session seen exactly the TTL ago, counts one seen 1 ms later', () => {
      expect(evaluateSessionRule(rule, [session('a'), session('b', TTL_MS)], 'c', NOW)).toEqual({ allow: true, action: 'create', remaining: 0 });
      expect(evaluateSessionRule(rule, [session('a'), session('b', TTL_MS - 1)], 'c', NOW)).toEqual({
        allow: false,
        denial: 'CONCURRENCY_LIMIT_EXCEEDED',
      });
    });

    it('replaces its own lapsed session when there is room; a lapsed session counts as new against the limit', () => {
      expect(evaluateSessionRule(rule, [lapsed('a'), session('b')], 'a', NOW)).toEqual({ allow: true, action: 'replace', remaining: 0 });
      expect(evaluateSessionRule(rule, [lapsed('a'), session('b'), session('c')], 'a', NOW)).toEqual({
        allow: false,
        denial: 'CONCURRENCY_LIMIT_EXCEEDED',
      });
    });

    it('own session exactly at the TTL is lapsed (replace), 1 ms younger is active (refresh)', () => {
      const others = [session('b'), session('c')];
      expect(evaluateSessionRule(rule, [session('a', TTL_MS - 1), session('b')], 'a', NOW)).toEqual({ allow: true, action: 'refresh', remaining: 0 });
      expect(evaluateSessionRule(rule, [session('a', TTL_MS), session('b')], 'a', NOW)).toEqual({ allow: true, action: 'replace', remaining: 0 });
      expect(evaluateSessionRule(rule, [session('a', TTL_MS), ...others], 'a', NOW)).toEqual({ allow: false, denial: 'CONCURRENCY_LIMIT_EXCEEDED' });
    });

    it('keeps refreshing an active session when more than maxActive are active (maxActive lowered), and admits no new one', () => {
      const over = [session('a'), session('b'), session('c')];
      expect(evaluateSessionRule(rule, over, 'a', NOW)).toMatchObject({ allow: true, action: 'refresh' });
      expect(evaluateSessionRule(rule, over, 'd', NOW)).toEqual({ allow: false, denial: 'CONCURRENCY_LIMIT_EXCEEDED' });
    });

    it('frees seats as sessions of others lapse', () => {
      expect(evaluateSessionRule(rule, [lapsed('a'), lapsed('b')], 'c', NOW)).toEqual({ allow: true, action: 'create', remaining: 1 });
    });

    it('uses the policy sessionTtlSeconds', () => {
      const short = concurrency({ mode: 'limit', maxActive: 1, sessionTtlSeconds: 60 });
      expect(evaluateSessionRule(short, [session('a', 60_000)], 'b', NOW)).toEqual({ allow: true, action: 'create', remaining: 0 });
      expect(evaluateSessionRule(short, [session('a', 59_999)], 'b', NOW)).toEqual({ allow: false, denial: 'CONCURRENCY_LIMIT_EXCEEDED' });
    });

    it('with maxActive 1: one seat, held by whoever is active', () => {
      const one = concurrency({ mode: 'limit', maxActive: 1 });
      expect(one.sessionTtlSeconds).toBe(600);
      expect(evaluateSessionRule(one, [], 'a', NOW)).toEqual({ allow: true, action: 'create', remaining: 0 });
      expect(evaluateSessionRule(one, [session('a')], 'a', NOW)).toEqual({ allow: true, action: 'refresh', remaining: 0 });
      expect(evaluateSessionRule(one, [session('a')], 'b', NOW)).toEqual({ allow: false, denial: 'CONCURRENCY_LIMIT_EXCEEDED' });
      expect(evaluateSessionRule(one, [revoked('a')], 'b', NOW)).toEqual({ allow: true, action: 'create', remaining: 0 });
    });
  });
});
