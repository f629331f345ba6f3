import type { DenialCode, Remaining } from '../../domain/authorization-decision.js';

export interface AuthorizationAllowed {
  ok: true;
  allow: true;
  reasonCode: 'ALLOW';
  message: string;
  policy: { summary: string };
  limits: { remaining: { hwid: Remaining; ip: Remaining; concurrency: Remaining } };
  license: { id: string; status: string; frozen: boolean; isTrial: boolean };
  session: { id: string; expiresAt: string } | null;
  activatedAt: string | null;
  effectiveExpiresAt: string | null;
  expiresAt: string | null;
  expiresAfterDays: number | null;
  dryRun: boolean;
}

export interface AuthorizationDenied {
  ok: false;
  allow: false;
  reasonCode: DenialCode;
  error?: DenialCode;
  message: string;
  dryRun: boolean;
}

/** A decision body (API.md §5: not the §1 envelope) with its HTTP status. */
export interface AuthorizationResult {
  status: 200 | 403 | 404;
  body: AuthorizationAllowed | AuthorizationDenied;
}
