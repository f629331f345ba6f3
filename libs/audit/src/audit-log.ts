import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { Clock } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
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
   * The same append as one SQL statement, for the authorization hot path that batches its writes into a
   * single round trip on a raw connection. `literal` quotes values for that connection.
   */
  insertStatement(events: NewAuditEvent[], literal: (value: unknown) => string, now: Date): string {
    const rows = events.map(
      (e) =>
        `(${[e.type, e.orgId, e.productId ?? null, e.licenseId ?? null, e.actor.type, e.actor.id, e.data ?? {}, e.occurredAt ?? now]
          .map(literal)
          .join(', ')})`,
    );
    return `INSERT INTO audit_events (type, org_id, product_id, license_id, actor_type, actor_id, data, occurred_at) VALUES ${rows.join(', ')}`;
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
