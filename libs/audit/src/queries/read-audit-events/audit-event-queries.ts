import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditEventView } from '../../domain/audit-event.js';
import type { ActorType } from '../../persistence/audit-event.orm-entity.js';
import { AUDIT_HORIZON_SQL } from './audit-horizon.sql.js';

export interface AuditEventFilter {
  /** Exclusive lower bound: a decimal event id ("0" for the start). */
  after: string;
  limit: number;
  type?: string;
  licenseId?: string;
  productId?: string;
}

export interface AuditEventPage {
  events: AuditEventView[];
  /** The last id returned, or `after` itself on an empty page: never null, so a reader can always resume. */
  nextCursor: string;
}

export interface AuditEventRead {
  events: AuditEventView[];
  /**
   * Every event below this id is final (committed or never to be). A reader whose page came back short has
   * seen every matching event below it, so it may resume its scan from `horizon - 1`.
   */
  horizon: string;
}

interface EventRow {
  horizon: string;
  id: string | null;
  type: string;
  org_id: string | null;
  product_id: string | null;
  license_id: string | null;
  actor_type: ActorType;
  actor_id: string | null;
  data: Record<string, unknown>;
  occurred_at: Date;
}

function toView(row: EventRow): AuditEventView {
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

/**
 * Cursor reads of an organization's audit stream, ascending by id (API.md §9), limited to the horizon below
 * which no event can still appear, so reading on from a cursor never skips one that commits later.
 */
@Injectable()
export class AuditEventQueries {
  constructor(private readonly dataSource: DataSource) {}

  async page(orgId: string, filter: AuditEventFilter): Promise<AuditEventPage> {
    const { events } = await this.read(orgId, filter);
    return { events, nextCursor: events.length > 0 ? events[events.length - 1]!.id : filter.after };
  }

  /** One statement, so the horizon and the rows come from the same snapshot. */
  async read(orgId: string, filter: AuditEventFilter): Promise<AuditEventRead> {
    // (org_id, id) index: a range scan from the cursor up to the horizon, whatever the filters.
    const rows = (await this.dataSource.query(
      `WITH h AS MATERIALIZED (${AUDIT_HORIZON_SQL})
       SELECT h.horizon, e.id, e.type, e.org_id, e.product_id, e.license_id, e.actor_type, e.actor_id, e.data, e.occurred_at
         FROM h
         LEFT JOIN LATERAL (
           SELECT * FROM audit_events e
            WHERE e.org_id = $1 AND e.id > $2::bigint AND e.id < h.horizon
              AND ($3::varchar IS NULL OR e.type = $3)
              AND ($4::uuid IS NULL OR e.license_id = $4)
              AND ($5::uuid IS NULL OR e.product_id = $5)
            ORDER BY e.id
            LIMIT $6
         ) e ON true
        ORDER BY e.id`,
      [orgId, filter.after, filter.type ?? null, filter.licenseId ?? null, filter.productId ?? null, filter.limit],
    )) as EventRow[];
    const horizon = String(rows[0]!.horizon);
    return { events: rows.filter((r) => r.id !== null).map(toView), horizon };
  }
}
