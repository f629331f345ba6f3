import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DecisionStateFunction1795900000000 } from './1795900000000-decision-state-function.js';

/**
 * Hand-written. gg_decision_state (1795900000000) loaded the presented bindings and the oldest `p_max_bindings`
 * others, with two scans and a UNION comparing whole rows. A license in IP limit mode with a window keeps every
 * address it was ever seen from, so after 1,000 of them the addresses seen within the window (the newest) were no
 * longer loaded, were not counted, and a new address was let in beyond `maxDistinct`. The read now takes, in one
 * ordered scan, the presented bindings and then the most recently seen (every binding that a window or a limit
 * counts), plus the oldest binding of each type (the one a sticky rule keeps). `IS TRUE`, because IN gives NULL
 * rather than false when no HWID or no address is presented. A binding may appear twice; the rules compare values,
 * so that is harmless. Same signature and result, so processes of the previous release keep working.
 */
export const DECISION_STATE_RECENT_BINDINGS_SQL = `
      CREATE OR REPLACE FUNCTION gg_decision_state(
        p_key_hash bpchar, p_org_id uuid, p_hwid_hash bpchar, p_ip_hash bpchar, p_ip inet, p_session_hash bpchar,
        p_sessions_since timestamptz, p_max_bindings integer)
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
      BEGIN
        SELECT l.id INTO v_id FROM licenses l
         WHERE l.key_hash = p_key_hash AND (p_org_id IS NULL OR l.org_id = p_org_id)
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
                  FROM ((SELECT bb.type, bb.value_hash, bb.region, bb.first_seen_at, bb.last_seen_at FROM bindings bb
                          WHERE bb.license_id = l.id AND bb.revoked_at IS NULL
                          ORDER BY (bb.value_hash IN (p_hwid_hash, p_ip_hash)) IS TRUE DESC, bb.last_seen_at DESC LIMIT p_max_bindings + 2)
                        UNION ALL
                        (SELECT bb.type, bb.value_hash, bb.region, bb.first_seen_at, bb.last_seen_at FROM bindings bb
                          WHERE bb.license_id = l.id AND bb.revoked_at IS NULL AND bb.type = 'HWID' ORDER BY bb.first_seen_at LIMIT 1)
                        UNION ALL
                        (SELECT bb.type, bb.value_hash, bb.region, bb.first_seen_at, bb.last_seen_at FROM bindings bb
                          WHERE bb.license_id = l.id AND bb.revoked_at IS NULL AND bb.type = 'IP' ORDER BY bb.first_seen_at LIMIT 1)) b),
               (SELECT coalesce(json_agg(json_build_object('id', s.id, 'h', s.session_id_hash, 's', s.last_seen_at, 'r', s.revoked_at)), '[]')
                  FROM sessions s WHERE s.license_id = l.id AND s.ended_at IS NULL
                   AND (s.session_id_hash = p_session_hash OR (s.revoked_at IS NULL AND s.last_seen_at > p_sessions_since)))
          FROM licenses l JOIN products p ON p.id = l.product_id
         WHERE l.id = v_id;
      END
      $fn$`;

export class DecisionStateRecentBindings1796200000000 implements MigrationInterface {
  name = 'DecisionStateRecentBindings1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DECISION_STATE_RECENT_BINDINGS_SQL);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The previous definition, from its own migration (CREATE FUNCTION there, so drop this one first).
    await queryRunner.query(`DROP FUNCTION gg_decision_state(bpchar, uuid, bpchar, bpchar, inet, bpchar, timestamptz, integer)`);
    await new DecisionStateFunction1795900000000().up(queryRunner);
  }
}
