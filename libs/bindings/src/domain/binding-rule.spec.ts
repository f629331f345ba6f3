import { describe, expect, it } from '@jest/globals';
import { applyPolicyDefaults, type EffectivePolicy } from '@geckoguard/policies';
import { evaluateBindingRule, type BindingRuleConfig, type BoundValue } from './binding-rule.js';

const DAY = 86_400_000;
const NOW = new Date('2030-06-01T12:00:00.000Z');
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);

/** A binding first seen `firstAgo` ms ago and last seen `lastAgo` ms ago. */
const bound = (value: string, firstAgo = DAY, lastAgo = 0): BoundValue => ({ value, firstSeenAt: ago(firstAgo), lastSeenAt: ago(lastAgo) });

type HwidRule = EffectivePolicy['limits']['hwid'];
type IpRule = EffectivePolicy['limits']['ip'];

/** The effective HWID and IP rules of a policy document, as the decision passes them in. */
const hwidRule = (hwid: Record<string, unknown>): HwidRule => applyPolicyDefaults({ limits: { hwid } }).limits.hwid;
const ipRule = (ip: Record<string, unknown>): IpRule => applyPolicyDefaults({ limits: { ip } }).limits.ip;

const evaluate = (rule: BindingRuleConfig, values: readonly BoundValue[], presented: string | null, now = NOW) =>
  evaluateBindingRule(rule, values, presented, now);

describe('evaluateBindingRule (API.md §5 checks 6 and 7)', () => {
  describe('unlimited', () => {
    const rule = hwidRule({});

    it('is the default mode', () => {
      expect(rule.mode).toBe('unlimited');
      expect(ipRule({}).mode).toBe('unlimited');
    });

    it('admits a missing value (nothing is required) and says it is not known', () => {
      expect(evaluate(rule, [], null)).toEqual({ allow: true, known: false, remaining: 'unlimited' });
      expect(evaluate(rule, [bound('a')], null)).toEqual({ allow: true, known: false, remaining: 'unlimited' });
    });

    it('admits a known value and reports it as known (its binding is refreshed)', () => {
      expect(evaluate(rule, [bound('a'), bound('b')], 'b')).toEqual({ allow: true, known: true, remaining: 'unlimited' });
    });

    it('admits any number of new values and reports them as new (a binding is created)', () => {
      const many = Array.from({ length: 50 }, (_, i) => bound(`v${i}`));
      expect(evaluate(rule, many, 'fresh')).toEqual({ allow: true, known: false, remaining: 'unlimited' });
    });

    it('ignores maxDistinct and windowDays kept from another mode', () => {
      const kept = ipRule({ mode: 'unlimited', maxDistinct: 1, windowDays: 1 });
      expect(evaluate(kept, [bound('a'), bound('b', 10 * DAY, 10 * DAY)], 'c')).toEqual({ allow: true, known: false, remaining: 'unlimited' });
      expect(evaluate(kept, [bound('a'), bound('b', 10 * DAY, 10 * DAY)], 'b')).toEqual({ allow: true, known: true, remaining: 'unlimited' });
    });
  });

  describe('sticky', () => {
    const rule = hwidRule({ mode: 'sticky' });

    it('requires a value, with or without bindings', () => {
      expect(evaluate(rule, [], null)).toEqual({ allow: false, denial: 'REQUIRED' });
      expect(evaluate(rule, [bound('a')], null)).toEqual({ allow: false, denial: 'REQUIRED' });
    });

    // "remaining" is counted after this call: the first admitted value is bound by it, so the allowed answer is
    // already 0 ("sticky modes answer 1 before the first binding and 0 after it").
    it('admits the first value when nothing is bound yet, as new, leaving 0', () => {
      expect(evaluate(rule, [], 'a')).toEqual({ allow: true, known: false, remaining: 0 });
    });

    it('after the first binding admits only that value, as known, with 0 remaining', () => {
      expect(evaluate(rule, [bound('a')], 'a')).toEqual({ allow: true, known: true, remaining: 0 });
      expect(evaluate(rule, [bound('a')], 'b')).toEqual({ allow: false, denial: 'MISMATCH' });
    });

    it('honours the first bound value only, by firstSeenAt, whatever the order of the list', () => {
      // Several active bindings exist when the mode was switched from limit or unlimited to sticky.
      const values = [bound('later', DAY), bound('first', 3 * DAY), bound('middle', 2 * DAY)];
      expect(evaluate(rule, values, 'first')).toEqual({ allow: true, known: true, remaining: 0 });
      expect(evaluate(rule, values, 'later')).toEqual({ allow: false, denial: 'MISMATCH' });
      expect(evaluate(rule, values, 'middle')).toEqual({ allow: false, denial: 'MISMATCH' });
      expect(evaluate(rule, values, 'new')).toEqual({ allow: false, denial: 'MISMATCH' });
    });

    it('admits a new value after a reset (the active bindings are empty again)', () => {
      expect(evaluate(rule, [bound('a')], 'b')).toEqual({ allow: false, denial: 'MISMATCH' });
      expect(evaluate(rule, [], 'b')).toEqual({ allow: true, known: false, remaining: 0 });
    });

    it('ignores maxDistinct kept from a limit mode', () => {
      const kept = hwidRule({ mode: 'sticky', maxDistinct: 5 });
      expect(evaluate(kept, [bound('a')], 'b')).toEqual({ allow: false, denial: 'MISMATCH' });
      expect(evaluate(kept, [], 'b')).toEqual({ allow: true, known: false, remaining: 0 });
    });

    it('ignores windowDays for IPs: the first address stays bound however long ago it was seen', () => {
      const kept = ipRule({ mode: 'sticky', windowDays: 1 });
      const old = [bound('10.0.0.1', 100 * DAY, 100 * DAY)];
      expect(evaluate(kept, old, '10.0.0.1')).toEqual({ allow: true, known: true, remaining: 0 });
      expect(evaluate(kept, old, '10.0.0.2')).toEqual({ allow: false, denial: 'MISMATCH' });
    });
  });

  describe('limit', () => {
    const rule = hwidRule({ mode: 'limit', maxDistinct: 3 });

    it('requires a value', () => {
      expect(evaluate(rule, [], null)).toEqual({ allow: false, denial: 'REQUIRED' });
      expect(evaluate(rule, [bound('a'), bound('b'), bound('c')], null)).toEqual({ allow: false, denial: 'REQUIRED' });
    });

    it('counts remaining after this call: each new value spends one', () => {
      expect(evaluate(rule, [], 'a')).toEqual({ allow: true, known: false, remaining: 2 });
      expect(evaluate(rule, [bound('a')], 'b')).toEqual({ allow: true, known: false, remaining: 1 });
      expect(evaluate(rule, [bound('a'), bound('b')], 'c')).toEqual({ allow: true, known: false, remaining: 0 });
    });

    it('a known value spends nothing', () => {
      expect(evaluate(rule, [bound('a')], 'a')).toEqual({ allow: true, known: true, remaining: 2 });
      expect(evaluate(rule, [bound('a'), bound('b')], 'a')).toEqual({ allow: true, known: true, remaining: 1 });
    });

    it('admits the maxDistinct-th new value with 0 remaining and refuses the next one', () => {
      const two = [bound('a'), bound('b')];
      expect(evaluate(rule, two, 'c')).toEqual({ allow: true, known: false, remaining: 0 });
      const three = [...two, bound('c')];
      expect(evaluate(rule, three, 'd')).toEqual({ allow: false, denial: 'LIMIT_EXCEEDED' });
    });

    it('still admits every known value at the limit', () => {
      const three = [bound('a'), bound('b'), bound('c')];
      for (const value of ['a', 'b', 'c']) expect(evaluate(rule, three, value)).toEqual({ allow: true, known: true, remaining: 0 });
    });

    it('with maxDistinct 1 behaves like a single seat: first new value leaves 0, a second is refused', () => {
      const one = hwidRule({ mode: 'limit', maxDistinct: 1 });
      expect(evaluate(one, [], 'a')).toEqual({ allow: true, known: false, remaining: 0 });
      expect(evaluate(one, [bound('a')], 'a')).toEqual({ allow: true, known: true, remaining: 0 });
      expect(evaluate(one, [bound('a')], 'b')).toEqual({ allow: false, denial: 'LIMIT_EXCEEDED' });
    });

    it('keeps admitting known values when more are bound than maxDistinct (limit lowered), and admits no new one', () => {
      const over = [bound('a'), bound('b'), bound('c'), bound('d')];
      expect(evaluate(rule, over, 'd')).toMatchObject({ allow: true, known: true });
      expect(evaluate(rule, over, 'e')).toEqual({ allow: false, denial: 'LIMIT_EXCEEDED' });
    });

    it('admits a new value again once a reset emptied the bindings', () => {
      const three = [bound('a'), bound('b'), bound('c')];
      expect(evaluate(rule, three, 'd')).toEqual({ allow: false, denial: 'LIMIT_EXCEEDED' });
      expect(evaluate(rule, [], 'd')).toEqual({ allow: true, known: false, remaining: 2 });
    });

    it('without windowDays counts bindings however long ago they were seen (all time)', () => {
      const old = [bound('a', 900 * DAY, 800 * DAY), bound('b', 900 * DAY, 700 * DAY), bound('c', 900 * DAY, 600 * DAY)];
      expect(rule).not.toHaveProperty('windowDays');
      expect(evaluate(rule, old, 'd')).toEqual({ allow: false, denial: 'LIMIT_EXCEEDED' });
      const ipAllTime = ipRule({ mode: 'limit', maxDistinct: 3 });
      expect(ipAllTime.windowDays).toBeNull();
      expect(evaluate(ipAllTime, old, 'd')).toEqual({ allow: false, denial: 'LIMIT_EXCEEDED' });
    });

    it('counts a value once even if it appears on several bindings (regions share a country code)', () => {
      const twice = [bound('FR'), bound('FR'), bound('DE')];
      expect(evaluate(rule, twice, 'US')).toEqual({ allow: true, known: false, remaining: 0 });
      expect(evaluate(rule, twice, 'FR')).toEqual({ allow: true, known: true, remaining: 1 });
    });
  });

  describe('limit with windowDays (IP rule)', () => {
    const rule = ipRule({ mode: 'limit', maxDistinct: 2, windowDays: 7 });
    const WINDOW = 7 * DAY;

    it('counts a binding last seen exactly at the window start', () => {
      const values = [bound('a', 30 * DAY, WINDOW), bound('b')];
      expect(evaluate(rule, values, 'c')).toEqual({ allow: false, denial: 'LIMIT_EXCEEDED' });
      expect(evaluate(rule, values, 'b')).toEqual({ allow: true, known: true, remaining: 0 });
    });

    it('does not count a binding last seen 1 ms before the window start', () => {
      const values = [bound('a', 30 * DAY, WINDOW + 1), bound('b')];
      expect(evaluate(rule, values, 'c')).toEqual({ allow: true, known: false, remaining: 0 });
      expect(evaluate(rule, values, 'b')).toEqual({ allow: true, known: true, remaining: 1 });
    });

    it('counts a known address last seen before the window as new (it spends one and is refused at the limit)', () => {
      const stale = bound('a', 30 * DAY, WINDOW + 1);
      // Room left: re-admitted as a new value that takes a slot, but its binding exists (known: refresh, not create).
      expect(evaluate(rule, [stale, bound('b')], 'a')).toEqual({ allow: true, known: true, remaining: 0 });
      expect(evaluate(rule, [stale], 'a')).toEqual({ allow: true, known: true, remaining: 1 });
      // No room left: refused like any new address.
      expect(evaluate(rule, [stale, bound('b'), bound('c')], 'a')).toEqual({ allow: false, denial: 'LIMIT_EXCEEDED' });
    });

    it('a known address last seen exactly at the window start is still known and spends nothing', () => {
      const edge = bound('a', 30 * DAY, WINDOW);
      expect(evaluate(rule, [edge, bound('b')], 'a')).toEqual({ allow: true, known: true, remaining: 0 });
      expect(evaluate(rule, [edge], 'a')).toEqual({ allow: true, known: true, remaining: 1 });
    });

    it('only the window moves with now: the same bindings count at one instant and not 1 ms later', () => {
      const values = [bound('a', 30 * DAY, 0), bound('b', 30 * DAY, 0)];
      const edge = new Date(NOW.getTime() + WINDOW);
      expect(evaluate(rule, values, 'c', edge)).toEqual({ allow: false, denial: 'LIMIT_EXCEEDED' });
      expect(evaluate(rule, values, 'c', new Date(edge.getTime() + 1))).toEqual({ allow: true, known: false, remaining: 1 });
    });

    it('uses lastSeenAt, not firstSeenAt, for the window', () => {
      const values = [bound('a', 365 * DAY, 0), bound('b', 365 * DAY, DAY)];
      expect(evaluate(rule, values, 'c')).toEqual({ allow: false, denial: 'LIMIT_EXCEEDED' });
    });

    it('with every binding outside the window admits as if nothing were bound', () => {
      const values = [bound('a', 60 * DAY, 30 * DAY), bound('b', 60 * DAY, 20 * DAY), bound('c', 60 * DAY, 8 * DAY)];
      expect(evaluate(rule, values, 'd')).toEqual({ allow: true, known: false, remaining: 1 });
    });

    it('a 1-day window is 86,400,000 ms', () => {
      const oneDay = ipRule({ mode: 'limit', maxDistinct: 1, windowDays: 1 });
      expect(evaluate(oneDay, [bound('a', 2 * DAY, DAY)], 'b')).toEqual({ allow: false, denial: 'LIMIT_EXCEEDED' });
      expect(evaluate(oneDay, [bound('a', 2 * DAY, DAY + 1)], 'b')).toEqual({ allow: true, known: false, remaining: 0 });
    });
  });
});
