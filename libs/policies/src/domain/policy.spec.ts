import { describe, expect, it } from '@jest/globals';
import {
  applyPolicyDefaults,
  mergePolicyDocuments,
  resolveEffectivePolicy,
  summarizePolicy,
  validateEffectivePolicy,
  validatePolicyDocument,
} from './policy.js';
import type { EffectivePolicy, PolicyDocument } from './policy-types.js';

const DEFAULTS: EffectivePolicy = {
  v: 1,
  limits: {
    hwid: { mode: 'unlimited', maxDistinct: null },
    ip: { mode: 'unlimited', maxDistinct: null, windowDays: null, limitType: 'ip' },
    concurrency: { mode: 'unlimited', maxActive: null, sessionTtlSeconds: 600 },
    resetBudget: { hwid: { max: null, cooldownHours: 0 }, ip: { max: null, cooldownHours: 0 } },
    misuse: { mode: 'off', maxDistinctContexts: null, windowHours: null },
  },
};

const FULL: PolicyDocument = {
  v: 1,
  limits: {
    hwid: { mode: 'limit', maxDistinct: 3 },
    ip: { mode: 'limit', maxDistinct: 5, windowDays: 30, limitType: 'region' },
    concurrency: { mode: 'limit', maxActive: 2, sessionTtlSeconds: 120 },
    resetBudget: { hwid: { max: 2, cooldownHours: 24 }, ip: { max: 0, cooldownHours: 0 } },
    misuse: { mode: 'lock', maxDistinctContexts: 10, windowHours: 24 },
  },
};

/** A document with `value` at the dotted `path`. */
function docWith(path: string, value: unknown): PolicyDocument {
  const root: PolicyDocument = {};
  const keys = path.split('.');
  let node = root;
  for (const key of keys.slice(0, -1)) node = (node[key] = {}) as PolicyDocument;
  node[keys[keys.length - 1]] = value;
  return root;
}

describe('validatePolicyDocument', () => {
  it('accepts the empty document, a document without v, and one with every field', () => {
    expect(validatePolicyDocument({})).toEqual([]);
    expect(validatePolicyDocument({ limits: { hwid: { mode: 'sticky' } } })).toEqual([]);
    expect(validatePolicyDocument(FULL)).toEqual([]);
  });

  it.each([null, 'x', 3, [], true])('refuses a document that is not an object (%p)', (doc) => {
    expect(validatePolicyDocument(doc)).toEqual([{ path: '', message: expect.stringContaining('must be an object') }]);
  });

  it.each([0, 2, '1', null, 1.5])('refuses v = %p', (v) => {
    expect(validatePolicyDocument({ v })).toEqual([{ path: 'v', message: expect.any(String) }]);
  });

  it.each([
    ['extra'],
    ['limits.extra'],
    ['limits.hwid.extra'],
    ['limits.ip.extra'],
    ['limits.concurrency.extra'],
    ['limits.resetBudget.extra'],
    ['limits.resetBudget.hwid.extra'],
    ['limits.resetBudget.ip.extra'],
    ['limits.misuse.extra'],
  ])('refuses the unknown key %s', (path) => {
    expect(validatePolicyDocument(docWith(path, 1))).toEqual([{ path, message: 'is not a known policy field' }]);
  });

  it('does not treat inherited property names as fields', () => {
    expect(validatePolicyDocument({ limits: { toString: 1 } })).toEqual([{ path: 'limits.toString', message: 'is not a known policy field' }]);
  });

  it.each(['limits', 'limits.hwid', 'limits.ip', 'limits.concurrency', 'limits.resetBudget', 'limits.resetBudget.hwid', 'limits.resetBudget.ip', 'limits.misuse'])(
    'refuses %s when it is not an object',
    (path) => {
      for (const bad of [1, 'x', null, [], true]) {
        expect(validatePolicyDocument(docWith(path, bad))).toEqual([{ path, message: expect.stringContaining('must be an object') }]);
      }
    },
  );

  describe.each([
    ['limits.hwid.mode', ['unlimited', 'sticky', 'limit'], ['region', 'LIMIT', '', 1, null]],
    ['limits.ip.mode', ['unlimited', 'sticky', 'limit'], ['lock', 2, null]],
    ['limits.ip.limitType', ['ip', 'region'], ['country', 0, null]],
    ['limits.concurrency.mode', ['unlimited', 'limit'], ['sticky', true, null]],
    ['limits.misuse.mode', ['off', 'lock'], ['on', false, null]],
  ] as Array<[string, string[], unknown[]]>)('enum %s', (path, good, bad) => {
    it.each(good)('accepts %p', (value) => expect(validatePolicyDocument(docWith(path, value))).toEqual([]));
    it.each(bad)('refuses %p', (value) => {
      expect(validatePolicyDocument(docWith(path, value))).toEqual([{ path, message: expect.stringContaining('must be one of') }]);
    });
  });

  describe.each([
    ['limits.hwid.maxDistinct', 1, null],
    ['limits.ip.maxDistinct', 1, null],
    ['limits.ip.windowDays', 1, null],
    ['limits.concurrency.maxActive', 1, null],
    ['limits.concurrency.sessionTtlSeconds', 60, 86_400],
    ['limits.resetBudget.hwid.max', 0, null],
    ['limits.resetBudget.hwid.cooldownHours', 0, 876_000],
    ['limits.resetBudget.ip.max', 0, null],
    ['limits.resetBudget.ip.cooldownHours', 0, 876_000],
    ['limits.misuse.maxDistinctContexts', 1, null],
    ['limits.misuse.windowHours', 1, null],
  ] as Array<[string, number, number | null]>)('integer %s (min %p, max %p)', (path, min, max) => {
    it('accepts its bounds', () => {
      expect(validatePolicyDocument(docWith(path, min))).toEqual([]);
      expect(validatePolicyDocument(docWith(path, max ?? 2_147_483_647))).toEqual([]);
    });
    it('refuses one below the minimum and one above the maximum', () => {
      expect(validatePolicyDocument(docWith(path, min - 1))).toEqual([{ path, message: expect.stringMatching(/^must be/) }]);
      // Above the maximum the message names the maximum too, not only the minimum.
      expect(validatePolicyDocument(docWith(path, (max ?? 2_147_483_647) + 1))).toEqual([
        { path, message: `must be between ${min} and ${max ?? 2_147_483_647}` },
      ]);
    });
    it.each([1.5, '3', null, true, {}, [], Number.NaN, Number.POSITIVE_INFINITY])('refuses %p', (value) => {
      expect(validatePolicyDocument(docWith(path, value))).toEqual([{ path, message: expect.stringContaining('must be an integer') }]);
    });
  });

  it('reports every problem, each with its own path', () => {
    const problems = validatePolicyDocument({ v: 2, limits: { hwid: { mode: 'x', maxDistinct: 0 }, ip: { windowDays: 'a' }, bogus: {} } });
    expect(problems.map((p) => p.path).sort()).toEqual(['limits.bogus', 'limits.hwid.maxDistinct', 'limits.hwid.mode', 'limits.ip.windowDays', 'v']);
  });

  it('leaves limit-mode requirements to the effective policy', () => {
    expect(validatePolicyDocument({ limits: { hwid: { mode: 'limit' } } })).toEqual([]);
  });
});

describe('applyPolicyDefaults', () => {
  it('fills every default into the empty document', () => {
    expect(applyPolicyDefaults({})).toEqual(DEFAULTS);
  });

  it('keeps every value that is set', () => {
    expect(applyPolicyDefaults(FULL)).toEqual({ ...FULL, v: 1 });
  });

  it('keeps numbers a mode does not use', () => {
    const effective = applyPolicyDefaults({ limits: { hwid: { mode: 'sticky', maxDistinct: 4 } } });
    expect(effective.limits.hwid).toEqual({ mode: 'sticky', maxDistinct: 4 });
  });

  it('defaults a budget cooldown to 0 and its max to unrestricted', () => {
    expect(applyPolicyDefaults({ limits: { resetBudget: { hwid: { max: 3 } } } }).limits.resetBudget).toEqual({
      hwid: { max: 3, cooldownHours: 0 },
      ip: { max: null, cooldownHours: 0 },
    });
  });
});

describe('validateEffectivePolicy', () => {
  const withLimits = (limits: Partial<EffectivePolicy['limits']>): EffectivePolicy => ({ v: 1, limits: { ...DEFAULTS.limits, ...limits } });

  it('accepts the defaults', () => expect(validateEffectivePolicy(DEFAULTS)).toEqual([]));

  it.each([
    [{ hwid: { mode: 'limit', maxDistinct: null } }, 'limits.hwid.maxDistinct'],
    [{ ip: { mode: 'limit', maxDistinct: null, windowDays: 3, limitType: 'ip' } }, 'limits.ip.maxDistinct'],
    [{ ip: { mode: 'limit', maxDistinct: null, windowDays: null, limitType: 'region' } }, 'limits.ip.maxDistinct'],
    [{ concurrency: { mode: 'limit', maxActive: null, sessionTtlSeconds: 600 } }, 'limits.concurrency.maxActive'],
  ] as Array<[Partial<EffectivePolicy['limits']>, string]>)('a limit mode needs its number (%#)', (limits, path) => {
    expect(validateEffectivePolicy(withLimits(limits))).toEqual([{ path, message: 'is required when mode is "limit"' }]);
  });

  it('misuse lock needs maxDistinctContexts and windowHours', () => {
    const policy = withLimits({ misuse: { mode: 'lock', maxDistinctContexts: null, windowHours: null } });
    expect(validateEffectivePolicy(policy).map((p) => p.path)).toEqual(['limits.misuse.maxDistinctContexts', 'limits.misuse.windowHours']);
  });

  it('sticky and unlimited modes need no number', () => {
    expect(validateEffectivePolicy(withLimits({ hwid: { mode: 'sticky', maxDistinct: null } }))).toEqual([]);
    expect(validateEffectivePolicy(withLimits({ ip: { mode: 'sticky', maxDistinct: null, windowDays: null, limitType: 'region' } }))).toEqual([]);
  });
});

describe('mergePolicyDocuments', () => {
  it('merges objects key by key and lets other values replace', () => {
    const base = { v: 1, limits: { hwid: { mode: 'limit', maxDistinct: 3 }, ip: { mode: 'sticky' } } };
    const override = { limits: { hwid: { mode: 'sticky' }, concurrency: { mode: 'limit', maxActive: 1 } } };
    expect(mergePolicyDocuments(base, override)).toEqual({
      v: 1,
      limits: { hwid: { mode: 'sticky', maxDistinct: 3 }, ip: { mode: 'sticky' }, concurrency: { mode: 'limit', maxActive: 1 } },
    });
  });

  it('lets a non-object in the override replace an object', () => {
    expect(mergePolicyDocuments({ limits: { hwid: { mode: 'limit' } } }, { limits: { hwid: 5 } })).toEqual({ limits: { hwid: 5 } });
  });

  it('treats a null or absent override as no change', () => {
    expect(mergePolicyDocuments(FULL, null)).toEqual(FULL);
    expect(mergePolicyDocuments(FULL, undefined)).toEqual(FULL);
    expect(mergePolicyDocuments(FULL, {})).toEqual(FULL);
  });

  it('modifies neither input', () => {
    const base = { limits: { hwid: { mode: 'limit', maxDistinct: 3 } } };
    const override = { limits: { hwid: { maxDistinct: 4 } } };
    const merged = mergePolicyDocuments(base, override);
    (merged.limits as { hwid: { maxDistinct: number } }).hwid.maxDistinct = 99;
    expect(base.limits.hwid.maxDistinct).toBe(3);
    expect(override.limits.hwid.maxDistinct).toBe(4);
  });
});

describe('resolveEffectivePolicy', () => {
  it('resolves the empty default without an override to the defaults', () => {
    expect(resolveEffectivePolicy({}, null)).toEqual({ effective: DEFAULTS, problems: [] });
  });

  it('an override can switch a mode and reuse the default numbers', () => {
    const resolved = resolveEffectivePolicy({ limits: { hwid: { mode: 'sticky', maxDistinct: 2 } } }, { limits: { hwid: { mode: 'limit' } } });
    expect(resolved.problems).toEqual([]);
    expect(resolved.effective?.limits.hwid).toEqual({ mode: 'limit', maxDistinct: 2 });
  });

  it('refuses a merge that leaves a limit without its number', () => {
    expect(resolveEffectivePolicy({}, { limits: { hwid: { mode: 'limit' } } })).toEqual({
      effective: null,
      problems: [{ path: 'limits.hwid.maxDistinct', message: 'is required when mode is "limit"' }],
    });
  });

  it('refuses a structurally invalid merge before applying defaults', () => {
    expect(resolveEffectivePolicy({}, { limits: { hwid: 'sticky' } })).toEqual({
      effective: null,
      problems: [{ path: 'limits.hwid', message: expect.stringContaining('must be an object') }],
    });
  });

  it('takes the override over the default for every field', () => {
    const resolved = resolveEffectivePolicy(FULL, { limits: { concurrency: { sessionTtlSeconds: 60 }, resetBudget: { ip: { max: 5 } } } });
    expect(resolved.effective?.limits.concurrency).toEqual({ mode: 'limit', maxActive: 2, sessionTtlSeconds: 60 });
    expect(resolved.effective?.limits.resetBudget.ip).toEqual({ max: 5, cooldownHours: 0 });
  });
});

describe('summarizePolicy', () => {
  it('summarizes the defaults', () => {
    expect(summarizePolicy(DEFAULTS)).toBe('hwid: unlimited; ip: unlimited; concurrency: unlimited');
  });
  it('summarizes limits, windows, regions and session ttl', () => {
    expect(summarizePolicy(applyPolicyDefaults(FULL))).toBe('hwid: limit 3; region: limit 5 within 30d; concurrency: limit 2 (ttl 120s)');
  });
  it('summarizes sticky modes', () => {
    expect(summarizePolicy(applyPolicyDefaults({ limits: { hwid: { mode: 'sticky' }, ip: { mode: 'sticky' } } }))).toBe(
      'hwid: sticky; ip: sticky; concurrency: unlimited',
    );
  });
});
