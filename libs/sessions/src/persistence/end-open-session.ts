import type { Actor, AuditLog } from '@geckoguard/audit';
import type { EntityManager } from 'typeorm';

/** The license whose row lock the caller holds (`SELECT ... FOR UPDATE`), so an end never interleaves with a refresh. */
export interface LockedLicense {
  id: string;
  org_id: string;
  product_id: string;
}

/**
 * Ends the open session with this id hash (POST /v1/licenses/sessions/end, /licensing/deactivate) and writes one
 * `session.ended` per session ended, in the caller's transaction. A revoked session stays open so that its id
 * keeps being refused; ending it would free the id. Returns how many sessions ended (0 or 1).
 */
export async function endOpenSession(
  tx: EntityManager,
  audit: AuditLog,
  end: { license: LockedLicense; sessionIdHash: string; now: Date; actor: Actor; eventData?: Record<string, unknown> },
): Promise<number> {
  const [rows] = (await tx.query(
    `UPDATE sessions SET ended_at = $3
      WHERE license_id = $1 AND session_id_hash = $2 AND ended_at IS NULL AND revoked_at IS NULL RETURNING id`,
    [end.license.id, end.sessionIdHash, end.now],
  )) as [Array<{ id: string }>, number];
  await audit.append(
    tx,
    rows.map((r) => ({
      type: 'session.ended',
      orgId: end.license.org_id,
      productId: end.license.product_id,
      licenseId: end.license.id,
      actor: end.actor,
      data: { sessionId: r.id, ...end.eventData },
    })),
  );
  return rows.length;
}
