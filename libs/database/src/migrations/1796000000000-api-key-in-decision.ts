import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written. The authorize hot path checks its API key inside the decision's first round trip, through two
 * server-side functions whose queries PostgreSQL plans once per connection (as ad-hoc SQL, planning the key
 * lookup, the nonce claim and the state read cost about as much as running them):
 *
 * - `gg_api_key_check`: the key (any permission, so the caller can tell 401 from 403) and, when `p_nonce` is
 *   given and the key holds `p_permission` (or none is asked), the claim of the nonce: a new row, or one whose
 *   window (`p_nonce_cutoff`) has passed. `nonce_claimed` is false on a replay.
 * - `gg_decision_state`, a new overload that takes the API key instead of an organization: it locks and reads
 *   only for a key that holds the permission, in the key's organization, and uses the asserted address for a
 *   key with `license:assert-ip`. With no API key (a /licensing token) it looks server-wide, as before.
 */
export class ApiKeyInDecision1796000000000 implements MigrationInterface {
  name = 'ApiKeyInDecision1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION gg_api_key_check(p_key_hash bpchar, p_permission text, p_nonce text, p_now timestamptz, p_nonce_cutoff timestamptz)
      RETURNS TABLE (id uuid, name varchar, org_id uuid, product_id uuid, permissions text[], require_signature boolean, nonce_claimed boolean)
      LANGUAGE plpgsql VOLATILE
      SET plan_cache_mode = force_generic_plan
      AS $fn$
      #variable_conflict use_column
      BEGIN
        RETURN QUERY
        WITH k AS (SELECT a.id, a.name, a.org_id, a.product_id, a.permissions, a.require_signature FROM api_keys a
                    WHERE a.key_hash = p_key_hash AND a.revoked_at IS NULL),
             n AS (INSERT INTO request_nonces (api_key_id, nonce, created_at)
                   SELECT k.id, p_nonce, p_now FROM k WHERE p_nonce IS NOT NULL AND (p_permission IS NULL OR p_permission = ANY (k.permissions))
                   ON CONFLICT (api_key_id, nonce) DO UPDATE SET created_at = EXCLUDED.created_at
                     WHERE request_nonces.created_at < p_nonce_cutoff
                   RETURNING 1)
        SELECT k.id, k.name, k.org_id, k.product_id, k.permissions, k.require_signature, EXISTS (SELECT 1 FROM n) FROM k;
      END
      $fn$`);
    // A new overload: the previous one stays, so processes of the previous release keep deciding while a
    // cluster is upgraded one process at a time. A later migration can drop it.
    await queryRunner.query(DECISION_STATE_FUNCTION);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION gg_decision_state(bpchar, bpchar, text, bpchar, bpchar, inet, bpchar, inet, bpchar, timestamptz, integer)`);
    await queryRunner.query(`DROP FUNCTION gg_api_key_check(bpchar, text, text, timestamptz, timestamptz)`);
  }
}

/** The new gg_decision_state overload (1795900000000's body, scoped by the API key). */
const DECISION_STATE_FUNCTION = `
      CREATE FUNCTION gg_decision_state(
        p_key_hash bpchar, p_api_key_hash bpchar, p_permission text, p_hwid_hash bpchar, p_ip_hash bpchar, p_ip inet,
        p_asserted_ip_hash bpchar, p_asserted_ip inet, p_session_hash bpchar, p_sessions_since timestamptz, p_max_bindings integer)
      RETURNS TABLE (
        id uuid, org_id uuid, product_id uuid, product_code varchar, expiration_mode varchar, expires_at timestamptz,
        expires_after_days integer, activated_at timestamptz, frozen_at timestamptz, frozen_ms bigint,
        frozen_ms_before_activation bigint, revoked_at timestamptz, locked_at timestamptz, is_trial boolean,
        contact_first_name varchar, contact_last_name varchar, contact_email varchar, company_name varchar,
        policy_override jsonb, default_license_policy jsonb, hwid_hit json, ip_hit json, bindings json, sessions json)
      LANGUAGE plpgsql VOLATILE
      SET plan_cache_mode = force_generic_plan
      AS $fn$
      #variable_conflict use_column
      DECLARE
        v_id uuid;
        v_org_id uuid;
        v_permissions text[];
      BEGIN
        IF p_api_key_hash IS NOT NULL THEN
          SELECT a.org_id, a.permissions INTO v_org_id, v_permissions FROM api_keys a
           WHERE a.key_hash = p_api_key_hash AND a.revoked_at IS NULL;
          IF NOT FOUND OR NOT (p_permission = ANY (v_permissions)) THEN
            RETURN;
          END IF;
          IF p_asserted_ip IS NOT NULL AND 'license:assert-ip' = ANY (v_permissions) THEN
            p_ip := p_asserted_ip;
            p_ip_hash := p_asserted_ip_hash;
          END IF;
        END IF;
        SELECT l.id INTO v_id FROM licenses l
         WHERE l.key_hash = p_key_hash AND (v_org_id IS NULL OR l.org_id = v_org_id)
           FOR UPDATE;
        IF v_id IS NULL THEN
          RETURN;
        END IF;
        RETURN QUERY
        SELECT l.id, l.org_id, l.product_id, p.code, l.expiration_mode, l.expires_at, l.expires_after_days, l.activated_at,
               l.frozen_at, l.frozen_ms, l.frozen_ms_before_activation, l.revoked_at, l.locked_at, l.is_trial,
               l.contact_first_name, l.contact_last_name, l.contact_email, l.company_name, l.policy_override,
               p.default_license_policy,
               (SELECT json_build_object('reason', e.reason) FROM blacklist_entries e
                 WHERE e.product_id = l.product_id AND e.type = 'HWID' AND e.value_hash = p_hwid_hash LIMIT 1),
               (SELECT json_build_object('reason', e.reason) FROM blacklist_entries e
                 WHERE e.network >>= p_ip AND e.product_id = l.product_id AND e.type = 'IP' LIMIT 1),
               (SELECT coalesce(json_agg(json_build_object('t', b.type, 'h', b.value_hash, 'r', b.region, 'f', b.first_seen_at, 's', b.last_seen_at)), '[]')
                  FROM (SELECT * FROM bindings bb WHERE bb.license_id = l.id AND bb.revoked_at IS NULL AND bb.value_hash IN (p_hwid_hash, p_ip_hash)
                        UNION
                        (SELECT * FROM bindings bb WHERE bb.license_id = l.id AND bb.revoked_at IS NULL ORDER BY bb.first_seen_at LIMIT p_max_bindings)) b),
               (SELECT coalesce(json_agg(json_build_object('id', s.id, 'h', s.session_id_hash, 's', s.last_seen_at, 'r', s.revoked_at)), '[]')
                  FROM sessions s WHERE s.license_id = l.id AND s.ended_at IS NULL
                   AND (s.session_id_hash = p_session_hash OR (s.revoked_at IS NULL AND s.last_seen_at > p_sessions_since)))
          FROM licenses l JOIN products p ON p.id = l.product_id
         WHERE l.id = v_id;
      END
      $fn$`;
