import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type BlacklistType = 'HWID' | 'IP';

/**
 * A banned HWID or IP (single address or CIDR range) of one product. IP entries keep their range in
 * `network`, answered by a GiST index ("which range contains this address") created in the migration;
 * TypeORM cannot express its operator class, so it is declared here without synchronization.
 */
@Entity('blacklist_entries')
@Index('uq_blacklist_entries_value', ['productId', 'type', 'valueHash'], { unique: true })
@Index('ix_blacklist_entries_product_created', ['productId', 'createdAt'])
@Index('ix_blacklist_entries_network', { synchronize: false })
export class BlacklistEntryOrmEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ type: 'varchar', length: 8 })
  type: BlacklistType;

  /** The value as the vendor entered it (normalized), for display. */
  @Column({ type: 'varchar', length: 256 })
  value: string;

  @Column({ name: 'value_hash', type: 'char', length: 64 })
  valueHash: string;

  @Column({ type: 'cidr', nullable: true })
  network: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
