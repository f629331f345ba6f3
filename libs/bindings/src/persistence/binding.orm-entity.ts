import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type BindingType = 'HWID' | 'IP';

/**
 * A hardware id or IP address a license has been used from. Only the hash of the value is kept.
 * At most one active (unrevoked) binding per license, type and value: the unique index makes
 * concurrent first sightings of one value collapse into one row.
 */
@Entity('bindings')
@Index('uq_bindings_active', ['licenseId', 'type', 'valueHash'], { unique: true, where: '"revoked_at" IS NULL' })
@Index('ix_bindings_license', ['licenseId', 'firstSeenAt'])
export class BindingOrmEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'license_id', type: 'uuid' })
  licenseId: string;

  @Column({ type: 'varchar', length: 8 })
  type: BindingType;

  /** Hex SHA-256 of the raw HWID, or of the normalized IP (an IPv6 address counts as its /64). */
  @Column({ name: 'value_hash', type: 'char', length: 64 })
  valueHash: string;

  /** ISO country code of an IP binding (`ZZ` when unknown); null for HWIDs. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  region: string | null;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
