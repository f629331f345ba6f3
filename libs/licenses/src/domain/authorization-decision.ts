import { evaluateBindingRule, type BindingDecision, type BoundValue } from '@geckoguard/bindings';
import { evaluateBlacklist, type BlacklistHits } from '@geckoguard/blacklists';
import { expiryReason, computeEffectiveExpiry, type ExpiryInput } from '@geckoguard/expiration';
import type { EffectivePolicy } from '@geckoguard/policies';
import { evaluateSessionRule, type OpenSession, type SessionDecision } from '@geckoguard/sessions';

/**
 * API.md §5 in order, as one pure function over the state loaded under the license's row lock. The handler
 * loads, calls this, and applies the writes it implies; nothing here does I/O.
 */

export type DenialCode =
  | 'LICENSE_NOT_FOUND'
  | 'PRODUCT_MISMATCH'
  | 'LICENSE_REVOKED'
  | 'LICENSE_LOCKED'
  | 'HWID_BLACKLISTED'
  | 'IP_BLACKLISTED'
  | 'LICENSE_EXPIRED'
  | 'LICENSE_EXPIRED_RELATIVE'
  | 'HWID_REQUIRED'
  | 'HWID_MISMATCH'
  | 'HWID_LIMIT_EXCEEDED'
  | 'IP_MISMATCH'
  | 'IP_LIMIT_EXCEEDED'
  | 'REGION_MISMATCH'
  | 'REGION_LIMIT_EXCEEDED'
  | 'SESSION_REVOKED'
  | 'SESSION_REQUIRED'
  | 'CONCURRENCY_LIMIT_EXCEEDED';

export const DENIAL_MESSAGES: Record<DenialCode, string> = {
  LICENSE_NOT_FOUND: 'License key not found',
  PRODUCT_MISMATCH: 'License does not belong to this product',
  LICENSE_REVOKED: 'License has been revoked',
  LICENSE_LOCKED: 'License is locked',
  HWID_BLACKLISTED: 'This hardware id is blacklisted',
  IP_BLACKLISTED: 'This IP address is blacklisted',
  LICENSE_EXPIRED: 'License has expired',
  LICENSE_EXPIRED_RELATIVE: 'License has expired (days after activation reached)',
  HWID_REQUIRED: 'A hardware id is required for this license',
  HWID_MISMATCH: 'License is bound to another device',
  HWID_LIMIT_EXCEEDED: 'Device limit reached for this license',
  IP_MISMATCH: 'License is bound to another IP address',
  IP_LIMIT_EXCEEDED: 'IP address limit reached for this license',
  REGION_MISMATCH: 'License is bound to another region',
  REGION_LIMIT_EXCEEDED: 'Region limit reached for this license',
  SESSION_REVOKED: 'This session was revoked; start a new session',
  SESSION_REQUIRED: 'A session id is required for this license',
  CONCURRENCY_LIMIT_EXCEEDED: 'Concurrent session limit reached',
};

export interface LicenseState extends ExpiryInput {
  id: string;
  productId: string;
  /** The product's code; needed only when the request names product codes (/licensing/*). */
  productCode?: string;
  revokedAt: Date | null;
  lockedAt: Date | null;
}

export interface BoundBinding extends BoundValue {
  /** Country code of an IP binding, when recorded. */
  region: string | null;
}

export interface AuthorizationInput {
  license: LicenseState | null;
  /** The product named in the request and the API key's product; both must be the license's. */
  productIds: string[];
  /** /licensing/*: the license's product code must be one of these (null or absent: any product). */
  productCodes?: readonly string[] | null;
  policy: EffectivePolicy | null;
  blacklist: BlacklistHits;
  hwidBindings: BoundBinding[];
  ipBindings: BoundBinding[];
  openSessions: OpenSession[];
  presented: { hwidHash: string | null; ipHash: string | null; region: string | null; sessionIdHash: string | null };
  now: Date;
}

export type Remaining = number | 'unlimited';

export type AuthorizationOutcome =
  | { allow: false; reasonCode: DenialCode; message: string }
  | {
      allow: true;
      remaining: { hwid: Remaining; ip: Remaining; concurrency: Remaining };
      hwidKnown: boolean;
      ipKnown: boolean;
      session: Extract<SessionDecision, { allow: true }>['action'];
      activate: boolean;
    };

function deny(reasonCode: DenialCode, message?: string): AuthorizationOutcome {
  return { allow: false, reasonCode, message: message ?? DENIAL_MESSAGES[reasonCode] };
}

/** Regions as bound values: each country once, first seen when its first address was, last seen when its latest was. */
export function regionsOf(ipBindings: readonly BoundBinding[]): BoundValue[] {
  const byRegion = new Map<string, BoundValue>();
  for (const b of ipBindings) {
    const region = b.region ?? 'ZZ';
    const seen = byRegion.get(region);
    if (!seen) byRegion.set(region, { value: region, firstSeenAt: b.firstSeenAt, lastSeenAt: b.lastSeenAt });
    else {
      if (b.firstSeenAt < seen.firstSeenAt) seen.firstSeenAt = b.firstSeenAt;
      if (b.lastSeenAt > seen.lastSeenAt) seen.lastSeenAt = b.lastSeenAt;
    }
  }
  return [...byRegion.values()];
}

export function decideAuthorization(input: AuthorizationInput): AuthorizationOutcome {
  const { license, policy, presented, now } = input;
  if (!license || !policy) return deny('LICENSE_NOT_FOUND');
  if (input.productIds.some((id) => id !== license.productId)) return deny('PRODUCT_MISMATCH');
  if (input.productCodes && !input.productCodes.includes(license.productCode ?? '')) return deny('PRODUCT_MISMATCH');
  if (license.revokedAt) return deny('LICENSE_REVOKED');
  if (license.lockedAt) return deny('LICENSE_LOCKED');

  const blacklisted = evaluateBlacklist(input.blacklist);
  if (!blacklisted.allow) return deny(blacklisted.reasonCode, blacklisted.message);

  const expired = expiryReason(license, now);
  if (expired) return deny(expired);

  const hwid = evaluateBindingRule(policy.limits.hwid, input.hwidBindings, presented.hwidHash, now);
  if (!hwid.allow) return deny(hwid.denial === 'REQUIRED' ? 'HWID_REQUIRED' : hwid.denial === 'MISMATCH' ? 'HWID_MISMATCH' : 'HWID_LIMIT_EXCEEDED');

  const ipRule = policy.limits.ip;
  const byRegion = ipRule.limitType === 'region';
  const ip: BindingDecision = byRegion
    ? evaluateBindingRule(ipRule, regionsOf(input.ipBindings), presented.region ?? 'ZZ', now)
    : evaluateBindingRule(ipRule, input.ipBindings, presented.ipHash, now);
  if (!ip.allow) {
    if (ip.denial === 'MISMATCH') return deny(byRegion ? 'REGION_MISMATCH' : 'IP_MISMATCH');
    return deny(byRegion ? 'REGION_LIMIT_EXCEEDED' : 'IP_LIMIT_EXCEEDED');
  }

  const session = evaluateSessionRule(policy.limits.concurrency, input.openSessions, presented.sessionIdHash, now);
  if (!session.allow) return deny(session.denial);

  return {
    allow: true,
    remaining: { hwid: hwid.remaining, ip: ip.remaining, concurrency: session.remaining },
    hwidKnown: presented.hwidHash !== null && input.hwidBindings.some((b) => b.value === presented.hwidHash),
    ipKnown: presented.ipHash !== null && input.ipBindings.some((b) => b.value === presented.ipHash),
    session: session.action,
    activate: license.activatedAt === null,
  };
}

export { computeEffectiveExpiry };
