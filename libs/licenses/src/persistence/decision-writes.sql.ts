import type { PreparedStatement } from '@geckoguard/database';

/** The statements a decision may write, prepared once per connection (their values are bound per call). */
export const DECISION_WRITES = {
  begin: { name: 'gg_begin', text: 'BEGIN' },
  commit: { name: 'gg_commit', text: 'COMMIT' },
  /** $1 now, $2 frozen ms before activation, $3 license id */
  activateLicense: {
    name: 'gg_license_activate',
    text: 'UPDATE licenses SET activated_at = $1, frozen_ms_before_activation = $2, updated_at = $1 WHERE id = $3',
  },
  /** $1 now, $2 region (NULL keeps the stored one), $3 license id, $4 type, $5 value hash */
  touchBinding: {
    name: 'gg_binding_touch',
    text: `UPDATE bindings SET last_seen_at = $1, region = COALESCE($2, region)
           WHERE license_id = $3 AND type = $4 AND value_hash = $5 AND revoked_at IS NULL`,
  },
  /** $1 id, $2 license id, $3 type, $4 value hash, $5 region, $6 now */
  insertBinding: {
    name: 'gg_binding_insert',
    text: `INSERT INTO bindings (id, license_id, type, value_hash, region, first_seen_at, last_seen_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6)`,
  },
  /** $1 now, $2 expires at, $3 ip hash, $4 hwid hash, $5 session row id */
  refreshSession: {
    name: 'gg_session_refresh',
    text: 'UPDATE sessions SET last_seen_at = $1, expires_at = $2, ip_hash = $3, hwid_hash = $4 WHERE id = $5',
  },
  /** $1 now, $2 session row id: a revoked seat ends now. */
  endRevokedSession: { name: 'gg_session_end_revoked', text: 'UPDATE sessions SET ended_at = $1 WHERE id = $2' },
  /** $1 now, $2 session row id: a lapsed session ended when its TTL ran out. */
  endLapsedSession: { name: 'gg_session_end_lapsed', text: 'UPDATE sessions SET ended_at = LEAST($1::timestamptz, expires_at) WHERE id = $2' },
  /** $1 id, $2 license id, $3 session id hash, $4 device id, $5 ip hash, $6 hwid hash, $7 now, $8 expires at */
  insertSession: {
    name: 'gg_session_insert',
    text: `INSERT INTO sessions (id, license_id, session_id_hash, device_id, ip_hash, hwid_hash, created_at, last_seen_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
  },
} satisfies Record<string, PreparedStatement>;
