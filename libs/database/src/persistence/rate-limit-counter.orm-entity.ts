import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Fixed-window counters shared by every server process; purged after their window. */
@Entity('rate_limit_counters')
@Index('ix_rate_limit_counters_window', ['windowStart'])
export class RateLimitCounterOrmEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  bucket: string;

  @PrimaryColumn({ name: 'window_start', type: 'timestamptz' })
  windowStart: Date;

  @Column({ type: 'integer' })
  count: number;
}
