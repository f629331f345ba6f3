import { checkField, isPlainObject, POLICY_SCHEMA } from './policy-schema.js';
import type { EffectivePolicy, PolicyDocument, PolicyProblem, ResetBudget, ResolvedPolicy } from './policy-types.js';

export const DEFAULT_SESSION_TTL_SECONDS = 600;

/**
 * Problems of a policy document as written (API.md §3): unknown keys, wrong types, out-of-range values and a
 * `v` other than 1. Requirements that only make sense once merged (a `limit` mode needs its number) are
 * checked on the effective policy by {@link validateEffectivePolicy}.
 */
export function validatePolicyDocument(doc: unknown): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  checkField(POLICY_SCHEMA, doc, '', problems);
  return problems;
}

/** Deep merge: objects merge key by key, any other value in `override` replaces. Inputs are not modified. */
export function mergePolicyDocuments(base: PolicyDocument, override: PolicyDocument | null | undefined): PolicyDocument {
  if (!override) return structuredClone(base);
  const merged: PolicyDocument = structuredClone(base);
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergePolicyDocuments(current, value) : structuredClone(value);
  }
  return merged;
}

const section = (doc: PolicyDocument, key: string): PolicyDocument => {
  const value = doc[key];
  return isPlainObject(value) ? value : {};
};
const intOrNull = (doc: PolicyDocument, key: string): number | null => (typeof doc[key] === 'number' ? (doc[key] as number) : null);
const stringOr = <T extends string>(doc: PolicyDocument, key: string, fallback: T): T => (typeof doc[key] === 'string' ? (doc[key] as T) : fallback);

function budgetOf(doc: PolicyDocument): ResetBudget {
  return { max: intOrNull(doc, 'max'), cooldownHours: intOrNull(doc, 'cooldownHours') ?? 0 };
}

/** Every unset field filled with its default (API.md §3). Expects a document without problems. */
export function applyPolicyDefaults(doc: PolicyDocument): EffectivePolicy {
  const limits = section(doc, 'limits');
  const hwid = section(limits, 'hwid');
  const ip = section(limits, 'ip');
  const concurrency = section(limits, 'concurrency');
  const resetBudget = section(limits, 'resetBudget');
  const misuse = section(limits, 'misuse');
  return {
    v: 1,
    limits: {
      hwid: { mode: stringOr(hwid, 'mode', 'unlimited'), maxDistinct: intOrNull(hwid, 'maxDistinct') },
      ip: {
        mode: stringOr(ip, 'mode', 'unlimited'),
        maxDistinct: intOrNull(ip, 'maxDistinct'),
        windowDays: intOrNull(ip, 'windowDays'),
        limitType: stringOr(ip, 'limitType', 'ip'),
      },
      concurrency: {
        mode: stringOr(concurrency, 'mode', 'unlimited'),
        maxActive: intOrNull(concurrency, 'maxActive'),
        sessionTtlSeconds: intOrNull(concurrency, 'sessionTtlSeconds') ?? DEFAULT_SESSION_TTL_SECONDS,
      },
      resetBudget: { hwid: budgetOf(section(resetBudget, 'hwid')), ip: budgetOf(section(resetBudget, 'ip')) },
      misuse: {
        mode: stringOr(misuse, 'mode', 'off'),
        maxDistinctContexts: intOrNull(misuse, 'maxDistinctContexts'),
        windowHours: intOrNull(misuse, 'windowHours'),
      },
    },
  };
}

/** What an effective policy needs beyond the document schema: the numbers its modes use. */
export function validateEffectivePolicy(policy: EffectivePolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const { hwid, ip, concurrency, misuse } = policy.limits;
  const need = (active: boolean, value: number | null, path: string, mode: string) => {
    if (active && value === null) problems.push({ path, message: `is required when mode is "${mode}"` });
  };
  need(hwid.mode === 'limit', hwid.maxDistinct, 'limits.hwid.maxDistinct', 'limit');
  need(ip.mode === 'limit', ip.maxDistinct, 'limits.ip.maxDistinct', 'limit');
  need(concurrency.mode === 'limit', concurrency.maxActive, 'limits.concurrency.maxActive', 'limit');
  need(misuse.mode === 'lock', misuse.maxDistinctContexts, 'limits.misuse.maxDistinctContexts', 'lock');
  need(misuse.mode === 'lock', misuse.windowHours, 'limits.misuse.windowHours', 'lock');
  return problems;
}

/**
 * The effective policy of a license: its product's default deep-merged with its override, every default
 * filled in. `problems` is non-empty (and `effective` null) when the merged result is not valid.
 */
export function resolveEffectivePolicy(defaultDoc: PolicyDocument, override: PolicyDocument | null | undefined): ResolvedPolicy {
  const merged = mergePolicyDocuments(defaultDoc ?? {}, override);
  const documentProblems = validatePolicyDocument(merged);
  if (documentProblems.length > 0) return { effective: null, problems: documentProblems };
  const effective = applyPolicyDefaults(merged);
  const problems = validateEffectivePolicy(effective);
  return problems.length > 0 ? { effective: null, problems } : { effective, problems: [] };
}

/** One line a client can show or log, e.g. `hwid: limit 3; ip: sticky; concurrency: limit 2 (ttl 600s)`. */
export function summarizePolicy(policy: EffectivePolicy): string {
  const { hwid, ip, concurrency } = policy.limits;
  const binding = (mode: string, max: number | null) => (mode === 'limit' ? `limit ${max}` : mode);
  const window = ip.mode === 'limit' && ip.windowDays !== null ? ` within ${ip.windowDays}d` : '';
  const ipPart = `${ip.limitType === 'region' ? 'region' : 'ip'}: ${binding(ip.mode, ip.maxDistinct)}${window}`;
  const sessions = concurrency.mode === 'limit' ? `limit ${concurrency.maxActive} (ttl ${concurrency.sessionTtlSeconds}s)` : 'unlimited';
  return `hwid: ${binding(hwid.mode, hwid.maxDistinct)}; ${ipPart}; concurrency: ${sessions}`;
}
