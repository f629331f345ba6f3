import { resolveEffectivePolicy, validatePolicyDocument, type PolicyProblem } from '@geckoguard/policies';
import type { FieldProblem } from './expiration-rules.js';

const FIELD = 'policyOverride';

function prefixed(problems: PolicyProblem[]): FieldProblem[] {
  return problems.map((p) => ({ path: !p.path ? FIELD : p.path.startsWith('[') ? `${FIELD}${p.path}` : `${FIELD}.${p.path}`, message: p.message }));
}

/** Problems of an override as written (unknown keys, types, ranges), with paths under `policyOverride.`. */
export function overrideDocumentProblems(override: Record<string, unknown>): FieldProblem[] {
  return prefixed(validatePolicyDocument(override));
}

/** Problems of the effective policy the override gives once merged with the product default. */
export function effectiveOverrideProblems(defaultDoc: Record<string, unknown>, override: Record<string, unknown>): FieldProblem[] {
  return prefixed(resolveEffectivePolicy(defaultDoc, override).problems);
}
