import { resolveEffectivePolicy, validatePolicyDocument, type PolicyProblem } from '@geckoguard/policies';

export interface PolicyDetail {
  path: string;
  message: string;
}

/** `field` + a problem path from the policies lib (which may be '' for the document itself, or start with `[`). */
export function prefixPath(field: string, path: string): string {
  if (!path) return field;
  return path.startsWith('[') ? `${field}${path}` : `${field}.${path}`;
}

/**
 * Problems of a product's default policy, with paths under `field`: first the document as written; when
 * that is sound, the policy it yields with every default filled in, which must itself be a valid
 * effective policy (e.g. `mode: "limit"` needs `maxDistinct`).
 */
export function defaultPolicyProblems(doc: Record<string, unknown>, field = 'defaultLicensePolicy'): PolicyDetail[] {
  let problems: PolicyProblem[] = validatePolicyDocument(doc);
  if (problems.length === 0) problems = resolveEffectivePolicy(doc, null).problems;
  return problems.map((p) => ({ path: prefixPath(field, p.path), message: p.message }));
}

/** Problems of a license's effective policy once its override is merged with `defaultDoc`. */
export function effectivePolicyProblems(defaultDoc: Record<string, unknown>, override: Record<string, unknown> | null): PolicyProblem[] {
  return resolveEffectivePolicy(defaultDoc, override).problems;
}
