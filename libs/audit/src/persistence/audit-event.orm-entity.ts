import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type ActorType = 'user' | 'api_key' | 'client' | 'system';

/**
 * Append-only: rows are inserted in the transaction of the change they record and never updated.
 *
 * The id is `(writing transaction id << 20) | position within that transaction`, assigned by the database
 * function `audit_next_event_id()` (migration AuditStream1795800000000), so every insert path gets it without
 * naming the column. Ordering ids by transaction is what makes the stream gap-free: readers serve only ids
 * below the oldest transaction still running (see audit-horizon.sql.ts), and every event committed later
 * belongs to such a transaction, so it sorts after everything already served.
 */
@Entity('audit_events')
@Index('ix_audit_events_org_id', ['orgId', 'id'])
@Index('ix_audit_events_license', ['licenseId', 'id'])
export class AuditEventOrmEntity {
  @PrimaryColumn({ type: 'bigint', default: () => 'audit_next_event_id()' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ name: 'org_id', type: 'uuid', nullable: true })
  orgId: string | null;

  @Column({ name: 'product_id', type: 'uuid', nullable: true })
  productId: string | null;

  @Column({ name: 'license_id', type: 'uuid', nullable: true })
  licenseId: string | null;

  @Column({ name: 'actor_type', type: 'varchar', length: 16 })
  actorType: ActorType;

  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;
}
