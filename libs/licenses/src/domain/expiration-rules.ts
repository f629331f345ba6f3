import type { ExpirationMode } from '@geckoguard/expiration';

export interface ExpirationFields {
  expirationMode: ExpirationMode;
  expiresAt: Date | null;
  expiresAfterDays: number | null;
}

export interface FieldProblem {
  path: string;
  message: string;
}

const USES_FIXED: Record<ExpirationMode, boolean> = { never: false, fixed: true, afterActivation: false, both: true };
const USES_RELATIVE: Record<ExpirationMode, boolean> = { never: false, fixed: false, afterActivation: true, both: true };

/**
 * API.md §4: `fixed` needs `expiresAt`, `afterActivation` needs `expiresAfterDays`, `both` needs both, and a
 * field the mode does not use must be null — so a PATCH that changes the mode must also drop (null) what the
 * new mode does not use, rather than leave a stale bound behind.
 */
export function expirationProblems(fields: ExpirationFields): FieldProblem[] {
  const { expirationMode: mode } = fields;
  const problems: FieldProblem[] = [];
  const check = (path: 'expiresAt' | 'expiresAfterDays', used: boolean, present: boolean) => {
    if (used && !present) problems.push({ path, message: `${path} is required when expirationMode is "${mode}"` });
    if (!used && present) problems.push({ path, message: `${path} must be absent or null when expirationMode is "${mode}"` });
  };
  check('expiresAt', USES_FIXED[mode], fields.expiresAt !== null);
  check('expiresAfterDays', USES_RELATIVE[mode], fields.expiresAfterDays !== null);
  return problems;
}
