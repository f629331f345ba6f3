import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * One event for one endpoint, and the outcome of its latest attempt. The unique (endpoint, event) pair is what
 * keeps an event from being queued twice for an endpoint; `attempt` doubles as the claim token of a sender.
 */
@Entity('webhook_deliveries')
@Index('uq_webhook_deliveries_event', ['endpointId', 'eventId'], { unique: true })
@Index('ix_webhook_deliveries_endpoint', ['endpointId', 'createdAt'])
@Index('ix_webhook_deliveries_due', ['nextAttemptAt'], { where: `"status" = 'pending'` })
export class WebhookDeliveryOrmEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  /** The audit event delivered; null for `test.ping`. */
  @Column({ name: 'event_id', type: 'bigint', nullable: true })
  eventId: string | null;

  @Column({ type: 'varchar', length: 64 })
  event: string;

  /** The exact request body, the same bytes on every attempt. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempt: number;

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When the next attempt is due (while pending; during an attempt, when its claim lapses); null once settled. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;
}
