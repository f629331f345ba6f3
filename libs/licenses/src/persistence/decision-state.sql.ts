import type { BoundStatement, PreparedStatement } from '@geckoguard/database';
import type { EffectivePolicy } from '@geckoguard/policies';
import type { LicenseState } from '../domain/authorization-decision.js';

/**
 * Bindings loaded per license besides the presented ones and the oldest of each type: the most recently seen, which
 * are the ones an IP window or a limit counts (migration 1796200000000).
 */
const MAX_BINDINGS_LOADED = 1000;
/** The longest session TTL a policy may set: older sessions cannot be active. */
const MAX_SESSION_TTL_SECONDS = 86_400;

/** A binding as the decision reads it: type, value hash, region, first and last seen (ISO strings). */
export interface BindingJson {
  t: 'HWID' | 'IP';
  h: string;
  r: string | null;
  f: string;
  s: string;
}

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
  bindings: BindingJson[];
  /** The open sessions the rules need, and (`e`) a session of the presented id revoked after it ended (migration 1796300000000). */
  sessions: Array<{ id: string; h: string; s: string; r: string | null; e?: boolean }>;
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

/**
 * The first read loads the presented bindings, the oldest of each type, and the most recently seen of both types
 * together, at most MAX_BINDINGS_LOADED + 2 of them. When it returned that many, the license may have more, and a
 * limit could miss some of those it counts: bindings of one type crowded out by the other's, a region seen only by
 * older addresses, or more bindings than the loaded ones under a limit above them.
 */
export function bindingsMayBeTruncated(row: DecisionStateRow): boolean {
  return row.bindings.length >= MAX_BINDINGS_LOADED + 2;
}

const BINDING_COLUMNS = 'type AS t, value_hash AS h, region AS r, to_json(first_seen_at) AS f, to_json(last_seen_at) AS s';

/** $1 license id, $2 type, $3 how many: the most recently seen active bindings of one type. */
const RECENT_BINDINGS: PreparedStatement = {
  name: 'gg_bindings_recent',
  text: `SELECT ${BINDING_COLUMNS} FROM bindings WHERE license_id = $1 AND type = $2 AND revoked_at IS NULL ORDER BY last_seen_at DESC LIMIT $3`,
};

/** $1 license id: the most recently seen active address of each region (none known is ZZ). */
const LATEST_ADDRESS_PER_REGION: PreparedStatement = {
  name: 'gg_bindings_latest_per_region',
  text: `SELECT DISTINCT ON (coalesce(region, 'ZZ')) ${BINDING_COLUMNS} FROM bindings
         WHERE license_id = $1 AND type = 'IP' AND revoked_at IS NULL ORDER BY coalesce(region, 'ZZ'), last_seen_at DESC`,
};

/**
 * For a license whose bindings may not all have been loaded, the reads that give each limit of its policy everything
 * it counts (still under the row lock). A limit of n needs only the n + 1 most recently seen bindings of its type:
 * with a window, those seen within it are the most recent ones, and n + 1 of them already refuse a new value. A
 * region limit needs each region's latest address. Sticky rules need the oldest binding, which the first read has.
 */
export function countedBindingsReads(licenseId: string, limits: EffectivePolicy['limits']): BoundStatement[] {
  const reads: BoundStatement[] = [];
  const recent = (type: 'HWID' | 'IP', maxDistinct: number | null): BoundStatement => ({
    statement: RECENT_BINDINGS,
    values: [licenseId, type, (maxDistinct ?? 1) + 1],
  });
  if (limits.hwid.mode === 'limit') reads.push(recent('HWID', limits.hwid.maxDistinct));
  if (limits.ip.mode === 'limit') {
    reads.push(limits.ip.limitType === 'region' ? { statement: LATEST_ADDRESS_PER_REGION, values: [licenseId] } : recent('IP', limits.ip.maxDistinct));
  }
  return reads;
}
