import type { LicenseContactView, LicenseDecision } from '@geckoguard/licenses';

/** The decision body of API.md §10 (not the §1 envelope), answered with 200 for every decision. */
export interface LicensingResponse {
  authStatus: 'Success' | 'Failed' | 'Locked';
  /** `ALLOW` on Success, otherwise a §5 code or `NO_ACTIVE_SESSION`. */
  reasonCode: string;
  message: string;
  productCode: string | null;
  isTrial: boolean | null;
  contact: LicenseContactView | null;
  companyName: string | null;
  /** The license's effective expiry (fixed date, days after activation, frozen time): when it stops working. */
  expiresAt: string | null;
  session: { expiresAt: string } | null;
}

export type LicensingMode = 'validate' | 'activate' | 'extend';

export const MISSING_TOKEN_BODY = { error: 'license token field is required.' } as const;

const SUCCESS_MESSAGES: Record<LicensingMode, string> = {
  validate: 'License is valid',
  activate: 'Session activated',
  extend: 'Session extended',
};

/**
 * The engine's decision as the /licensing protocol shows it. A locked license is `Locked`; every other
 * refusal `Failed`. What describes the license is null when no license was found.
 */
export function toLicensingResponse(mode: LicensingMode, decision: LicenseDecision): LicensingResponse {
  const license = decision.license;
  return {
    authStatus: decision.allow ? 'Success' : decision.reasonCode === 'LICENSE_LOCKED' ? 'Locked' : 'Failed',
    reasonCode: decision.reasonCode,
    message: decision.allow ? SUCCESS_MESSAGES[mode] : decision.message,
    productCode: license?.productCode ?? null,
    isTrial: license?.isTrial ?? null,
    contact: license ? { ...license.contact } : null,
    companyName: license?.companyName ?? null,
    expiresAt: license?.effectiveExpiresAt ?? null,
    session: decision.session ? { expiresAt: decision.session.expiresAt } : null,
  };
}
