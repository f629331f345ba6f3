import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A create request's first response under an `Idempotency-Key`, kept 24 h. `statusCode` null = still running. */
@Entity('idempotency_records')
@Index('ix_idempotency_records_created', ['createdAt'])
export class IdempotencyRecordOrmEntity {
  /** Organization (or API key's organization) the key is scoped to. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  scope: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  method: string;

  @PrimaryColumn({ type: 'varchar', length: 500 })
  path: string;

  @PrimaryColumn({ name: 'idempotency_key', type: 'varchar', length: 255 })
  idempotencyKey: string;

  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode: number | null;

  /** json, not jsonb: a replay is the same text, keys in their order (API.md §1: the same body). */
  @Column({ name: 'response_body', type: 'json', nullable: true })
  responseBody: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
