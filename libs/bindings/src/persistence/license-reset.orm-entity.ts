import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { BindingType } from './binding.orm-entity.js';

/**
 * One reset of a license's HWID or IP bindings (API.md §6). Budgeted resets are counted over the
 * license's lifetime and the latest starts the cooldown; forced ones are kept for the record and spend nothing.
 */
@Entity('license_resets')
@Index('ix_license_resets_license', ['licenseId', 'type', 'createdAt'])
export class LicenseResetOrmEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'license_id', type: 'uuid' })
  licenseId: string;

  @Column({ type: 'varchar', length: 8 })
  type: BindingType;

  @Column({ type: 'boolean', default: false })
  forced: boolean;

  /** Bindings this reset revoked. */
  @Column({ type: 'integer' })
  revoked: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
