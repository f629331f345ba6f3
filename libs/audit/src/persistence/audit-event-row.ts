import type { AuditEventView } from '../domain/audit-event.js';
import type { ActorType } from './audit-event.orm-entity.js';

/** The columns of an audit event as raw SQL reads them (the cursor API, the webhook fanout). */
export const AUDIT_EVENT_COLUMNS = 'id, type, org_id, product_id, license_id, actor_type, actor_id, data, occurred_at';

export interface AuditEventRow {
  id: string;
  type: string;
  org_id: string | null;
  product_id: string | null;
  license_id: string | null;
  actor_type: ActorType;
  actor_id: string | null;
  data: Record<string, unknown>;
  occurred_at: Date;
}

/** The event as the API shows it (API.md §9), from a raw row. */
export function auditEventViewOfRow(row: AuditEventRow): AuditEventView {
  return {
    id: String(row.id),
    type: row.type,
    orgId: row.org_id,
    productId: row.product_id,
    licenseId: row.license_id,
    actor: { type: row.actor_type, id: row.actor_id },
    data: row.data,
    occurredAt: row.occurred_at.toISOString(),
  };
}
