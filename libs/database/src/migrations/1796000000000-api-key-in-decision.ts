import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written. The authorize hot path checks its API key inside the decision's first round trip, through a
 * server-side function whose queries PostgreSQL plans once per connection (as ad-hoc SQL, planning the key
 * lookup and the nonce claim cost about as much as running them):
 *
 * `gg_api_key_check`: the key (any permission, so the caller can tell 401 from 403) and, when `p_nonce` is given
 * and the key holds `p_permission` (or none is asked), the claim of the nonce: a new row, or one whose window
 * (`p_nonce_cutoff`) has passed. `nonce_claimed` is false on a replay. The caller then reads the decision state
 * (`gg_decision_state`, 1795900000000) in the key's organization, in the same statement.
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
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION gg_api_key_check(bpchar, text, text, timestamptz, timestamptz)`);
  }
}
