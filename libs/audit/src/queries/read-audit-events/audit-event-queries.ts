import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditEventView } from '../../domain/audit-event.js';
import { AUDIT_EVENT_COLUMNS, auditEventViewOfRow, type AuditEventRow } from '../../persistence/audit-event-row.js';
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

/** A page's row: an event, or (below an empty page) only the horizon. */
type EventRow = { horizon: string } & ({ id: null } | AuditEventRow);

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
       SELECT h.horizon, e.*
         FROM h
         LEFT JOIN LATERAL (
           SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events e
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
    return { events: rows.filter((r): r is { horizon: string } & AuditEventRow => r.id !== null).map(auditEventViewOfRow), horizon };
  }
}
