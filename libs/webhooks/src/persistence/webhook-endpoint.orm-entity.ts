import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A product's webhook endpoint. `eventCursor` is the last audit event id the dispatcher has considered for it:
 * deliveries come from the audit log through this cursor, so nothing is lost across crashes or restarts.
 * The secret is kept as issued, because every delivery is signed with it.
 */
@Entity('webhook_endpoints')
@Index('ix_webhook_endpoints_product', ['productId', 'createdAt'])
export class WebhookEndpointOrmEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  /** Event types, or `*` for all. */
  @Column({ type: 'text', array: true })
  events: string[];

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ type: 'varchar', length: 128 })
  secret: string;

  @Column({ name: 'event_cursor', type: 'bigint' })
  eventCursor: string;

  /** Failed attempts since the last success; 100 disable the endpoint. */
  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures: number;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
