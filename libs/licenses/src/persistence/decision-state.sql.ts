import type { LicenseState } from '../domain/authorization-decision.js';

/**
 * Bindings loaded per license besides the presented ones and the oldest of each type: the most recently seen, which
 * are the ones an IP window or a limit counts (migration 1796200000000).
 */
const MAX_BINDINGS_LOADED = 1000;
/** The longest session TTL a policy may set: older sessions cannot be active. */
const MAX_SESSION_TTL_SECONDS = 86_400;

/** Everything a decision reads, in one row, taken under the license's row lock. */
export interface DecisionStateRow {
  id: string;
  org_id: string;
  product_id: string;
  product_code: string;
  expiration_mode: LicenseState['expirationMode'];
  expires_at: Date | null;
  expires_after_days: number | null;
  activated_at: Date | null;
  frozen_at: Date | null;
  frozen_ms: string;
  frozen_ms_before_activation: string;
  revoked_at: Date | null;
  locked_at: Date | null;
  is_trial: boolean;
  contact_first_name: string | null;
  contact_last_name: string | null;
  contact_email: string | null;
  company_name: string | null;
  policy_override: Record<string, unknown> | null;
  default_license_policy: Record<string, unknown>;
  hwid_hit: { reason: string | null } | null;
  ip_hit: { reason: string | null } | null;
  bindings: Array<{ t: 'HWID' | 'IP'; h: string; r: string | null; f: string; s: string }>;
  sessions: Array<{ id: string; h: string; s: string; r: string | null }>;
}

export interface DecisionStateParams {
  keyHash: string;
  hwidHash: string | null;
  sessionIdHash: string | null;
  now: Date;
}

/**
 * The call `gg_decision_state(...)` (migration 1795900000000) for a prepared statement, a FROM item: it locks the
 * license row and reads its state with a snapshot taken after the lock, its queries planned once per connection.
 * No row when the key is not there. Its five parameters (`decisionStateValues`) start at `$first`; the
 * organization to look in (the caller's API key's, or NULL to look server-wide for a /licensing token) and the
 * address the rules use (its hash, and the address as inet) are SQL expressions of the calling statement.
 */
export function decisionStateCall(first: number, orgIdSql: string, ip: { hashSql: string; addressSql: string }): string {
  const $ = (i: number) => `$${first + i}`;
  const args = [
    `${$(0)}::bpchar`,
    `(${orgIdSql})::uuid`,
    `${$(1)}::bpchar`,
    `(${ip.hashSql})::bpchar`,
    `(${ip.addressSql})::inet`,
    `${$(2)}::bpchar`,
    `${$(3)}::timestamptz`,
    `${$(4)}::integer`,
  ];
  return `gg_decision_state(${args.join(', ')})`;
}

/** The values of `decisionStateCall`'s parameters, in order. */
export function decisionStateValues(p: DecisionStateParams): unknown[] {
  const since = new Date(p.now.getTime() - MAX_SESSION_TTL_SECONDS * 1000);
  return [p.keyHash, p.hwidHash, p.sessionIdHash, since, MAX_BINDINGS_LOADED];
}

export function toLicenseState(row: DecisionStateRow): LicenseState {
  return {
    id: row.id,
    productId: row.product_id,
    productCode: row.product_code,
    expirationMode: row.expiration_mode,
    expiresAt: row.expires_at,
    expiresAfterDays: row.expires_after_days,
    activatedAt: row.activated_at,
    frozenAt: row.frozen_at,
    frozenMs: Number(row.frozen_ms),
    frozenMsBeforeActivation: Number(row.frozen_ms_before_activation),
    revokedAt: row.revoked_at,
    lockedAt: row.locked_at,
  };
}
