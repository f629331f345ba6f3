import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DECISION_STATE_RECENT_BINDINGS_SQL } from './1796200000000-decision-state-recent-bindings.js';

/** The sessions a decision read from 1796200000000 on: the license's open ones. */
const OPEN_SESSIONS = `(SELECT coalesce(json_agg(json_build_object('id', s.id, 'h', s.session_id_hash, 's', s.last_seen_at, 'r', s.revoked_at)), '[]')
                  FROM sessions s WHERE s.license_id = l.id AND s.ended_at IS NULL
                   AND (s.session_id_hash = p_session_hash OR (s.revoked_at IS NULL AND s.last_seen_at > p_sessions_since)))`;

/**
 * The same, and one more: a session of the presented id that was revoked after it ended (`'e': true`). API.md §7
 * refuses a revoked session id for good, and a vendor may revoke an ended session from the dashboard; the read took
 * open sessions only, so the id was let in again. The partial index finds revoked sessions by id (they are few),
 * without scanning a license's ended sessions.
 */
const OPEN_AND_REVOKED_SESSIONS = `(SELECT coalesce(json_agg(json_build_object('id', s.id, 'h', s.session_id_hash, 's', s.last_seen_at, 'r', s.revoked_at, 'e', s.ended_at IS NOT NULL)), '[]')
                  FROM ((SELECT * FROM sessions s WHERE s.license_id = l.id AND s.ended_at IS NULL
                           AND (s.session_id_hash = p_session_hash OR (s.revoked_at IS NULL AND s.last_seen_at > p_sessions_since)))
                        UNION ALL
                        (SELECT * FROM sessions s WHERE s.license_id = l.id AND s.session_id_hash = p_session_hash
                           AND s.revoked_at IS NOT NULL AND s.ended_at IS NOT NULL LIMIT 1)) s)`;

/**
 * Hand-written. gg_decision_state as in 1796200000000 with the sessions part above replaced; everything else,
 * the signature and the result type stay, so processes of the previous release keep working (they take the
 * extra session for an open revoked one, which refuses the id just the same).
 */
export class DecisionStateRevokedEndedSessions1796300000000 implements MigrationInterface {
  name = 'DecisionStateRevokedEndedSessions1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!DECISION_STATE_RECENT_BINDINGS_SQL.includes(OPEN_SESSIONS)) throw new Error('gg_decision_state: the sessions part to replace was not found');
    await queryRunner.query(`CREATE INDEX "ix_sessions_revoked" ON "sessions" ("license_id", "session_id_hash") WHERE "revoked_at" IS NOT NULL`);
    await queryRunner.query(DECISION_STATE_RECENT_BINDINGS_SQL.replace(OPEN_SESSIONS, OPEN_AND_REVOKED_SESSIONS));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DECISION_STATE_RECENT_BINDINGS_SQL);
    await queryRunner.query(`DROP INDEX "public"."ix_sessions_revoked"`);
  }
}
