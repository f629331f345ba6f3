import { Injectable } from '@nestjs/common';
import { AUDIT_EVENT_COLUMNS, AUDIT_HORIZON_SQL, auditEventViewOfRow, type AuditEventRow } from '@geckoguard/audit';
import { TransactionRunner } from '@geckoguard/database';
import { DataSource } from 'typeorm';

const ENDPOINTS_PER_ROUND = 20;
const EVENTS_PER_ENDPOINT = 500;

/** The delivery body of API.md §9: `{ id, event, data, timestamp }`, `data` being the event as the audit API shows it. */
function deliveryBody(row: AuditEventRow): string {
  const event = auditEventViewOfRow(row);
  return JSON.stringify({ id: event.id, event: event.type, data: event, timestamp: event.occurredAt });
}

/**
 * Turns audit events into pending deliveries. The audit table is the outbox: each endpoint keeps a cursor (the
 * last event id considered) and moves it in the same transaction that queues the deliveries, under a row lock
 * taken with SKIP LOCKED, so processes working at once take different endpoints, and a crash loses nothing
 * (the transaction never happened, the cursor did not move). Reads stop at the audit horizon, so an event
 * committing late is never passed over. The unique (endpoint, event) index refuses a second queueing.
 */
@Injectable()
export class WebhookFanout {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Queues what is new for every enabled endpoint; returns the number of deliveries queued. */
  async run(now: Date): Promise<number> {
    let queued = 0;
    for (let round = 0; round < 50; round++) {
      const result = await this.round(now);
      queued += result.queued;
      if (!result.more) break;
    }
    return queued;
  }

  private async round(now: Date): Promise<{ queued: number; more: boolean }> {
    // Without an enabled endpoint there is nothing to read: the audit table is not touched at all.
    const [enabled] = (await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled) AS any`)) as Array<{ any: boolean }>;
    if (!enabled?.any) return { queued: 0, more: false };
    // Read before any row lock: a transaction holding an xid would count as running in its own horizon.
    const [mark] = (await this.dataSource.query(
      `WITH h AS MATERIALIZED (${AUDIT_HORIZON_SQL})
       SELECT h.horizon, (SELECT max(e.id) FROM audit_events e WHERE e.id < h.horizon) AS newest FROM h`,
    )) as Array<{ horizon: string; newest: string | null }>;
    if (!mark || mark.newest === null) return { queued: 0, more: false };
    const horizon = BigInt(mark.horizon);
    return this.transactions.run(async (tx) => {
      // Only endpoints behind the newest readable event: without new events a round is one index probe.
      const endpoints = (await tx.query(
        `SELECT id, org_id, product_id, events, event_cursor FROM webhook_endpoints
          WHERE enabled AND event_cursor < $1
          ORDER BY event_cursor
          LIMIT ${ENDPOINTS_PER_ROUND}
          FOR UPDATE SKIP LOCKED`,
        [mark.newest],
      )) as Array<{ id: string; org_id: string; product_id: string; events: string[]; event_cursor: string }>;
      let queued = 0;
      let more = endpoints.length === ENDPOINTS_PER_ROUND;
      for (const endpoint of endpoints) {
        // This statement's snapshot is newer than the horizon's, so it sees every event below the horizon.
        const events = (await tx.query(
          `SELECT ${AUDIT_EVENT_COLUMNS}
             FROM audit_events
            WHERE org_id = $1 AND id > $2 AND id < $3 AND product_id = $4
              AND ('*' = ANY($5::text[]) OR type = ANY($5::text[]))
            ORDER BY id
            LIMIT ${EVENTS_PER_ENDPOINT}`,
          [endpoint.org_id, endpoint.event_cursor, horizon.toString(), endpoint.product_id, endpoint.events],
        )) as AuditEventRow[];
        if (events.length > 0) {
          const inserted = (await tx.query(
            `INSERT INTO webhook_deliveries (endpoint_id, org_id, event_id, event, body, status, attempt, created_at, next_attempt_at)
             SELECT $1, $2, e.id, e.type, e.body, 'pending', 0, $3, $3
               FROM unnest($4::bigint[], $5::text[], $6::text[]) AS e(id, type, body)
             ON CONFLICT (endpoint_id, event_id) DO NOTHING
             RETURNING id`,
            [endpoint.id, endpoint.org_id, now, events.map((e) => e.id), events.map((e) => e.type), events.map(deliveryBody)],
          )) as unknown[];
          queued += inserted.length;
        }
        // A full page: more to read from its last event. A short one saw everything below the horizon.
        const full = events.length === EVENTS_PER_ENDPOINT;
        const cursor = full ? events[events.length - 1]!.id : (horizon - 1n).toString();
        if (full) more = true;
        await tx.query(`UPDATE webhook_endpoints SET event_cursor = GREATEST(event_cursor, $2::bigint) WHERE id = $1`, [endpoint.id, cursor]);
      }
      return { queued, more };
    });
  }
}
