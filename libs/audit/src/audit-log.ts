import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { Clock } from '@geckoguard/core';
import { TransactionRunner, type BoundStatement, type PreparedStatement } from '@geckoguard/database';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { AuditEventView, NewAuditEvent } from './domain/audit-event.js';
import { AuditEventsCommittedEvent } from './events/audit-events-committed.event.js';
import { AuditEventOrmEntity } from './persistence/audit-event.orm-entity.js';
import { AUDIT_EVENT_COLUMNS, auditEventViewOfRow, type AuditEventRow } from './persistence/audit-event-row.js';

/**
 * The only writer of `audit_events`. Always called with the command's transaction, so an event is
 * recorded exactly when its change commits.
 */
@Injectable()
export class AuditLog {
  constructor(
    private readonly clock: Clock,
    private readonly transactions: TransactionRunner,
    private readonly eventBus: EventBus,
  ) {}

  /** After the commit, tell this process (ARCHITECTURE rule 2); best effort, the table stays the source of truth. */
  publishCommitted(events: AuditEventsCommittedEvent['events']): void {
    if (events.length > 0) this.eventBus.publish(new AuditEventsCommittedEvent(events));
  }

  /**
   * The same append as one prepared statement, for the authorization hot path that sends its writes in a
   * single round trip on a raw connection.
   */
  insertStatement(events: NewAuditEvent[], now: Date): BoundStatement {
    const values = events.flatMap((e) => [e.type, e.orgId, e.productId ?? null, e.licenseId ?? null, e.actor.type, e.actor.id, JSON.stringify(e.data ?? {}), e.occurredAt ?? now]);
    return { statement: auditInsert(events.length), values };
  }

  async append(tx: EntityManager, events: NewAuditEvent[]): Promise<AuditEventView[]> {
    if (events.length === 0) return [];
    const now = this.clock.now();
    const rows = events.map((e) => ({
        type: e.type,
        orgId: e.orgId,
        productId: e.productId ?? null,
        licenseId: e.licenseId ?? null,
        actorType: e.actor.type,
        actorId: e.actor.id,
        data: e.data ?? {},
        occurredAt: e.occurredAt ?? now,
    }));
    // One multi-row INSERT ... RETURNING: a single round trip however many events a command writes.
    const result = await tx
      .createQueryBuilder()
      .insert()
      .into(AuditEventOrmEntity)
      .values(rows as QueryDeepPartialEntity<AuditEventOrmEntity>[])
      .returning(AUDIT_EVENT_COLUMNS)
      .execute();
    this.transactions.afterCommit(tx, () => this.publishCommitted(events));
    return (result.raw as AuditEventRow[]).map(auditEventViewOfRow);
  }
}

const AUDIT_INSERT_COLUMNS = ['type', 'org_id', 'product_id', 'license_id', 'actor_type', 'actor_id', 'data', 'occurred_at'];
const auditInserts = new Map<number, PreparedStatement>();

/** The INSERT of `rows` events, one prepared statement per row count (a decision writes one to four). */
function auditInsert(rows: number): PreparedStatement {
  let statement = auditInserts.get(rows);
  if (!statement) {
    const width = AUDIT_INSERT_COLUMNS.length;
    const tuples = Array.from({ length: rows }, (_, r) => `(${AUDIT_INSERT_COLUMNS.map((_, c) => `$${r * width + c + 1}`).join(', ')})`);
    statement = {
      name: `gg_audit_insert_${rows}`,
      text: `INSERT INTO audit_events (${AUDIT_INSERT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`,
    };
    auditInserts.set(rows, statement);
  }
  return statement;
}
