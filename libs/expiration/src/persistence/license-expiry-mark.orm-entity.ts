import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The expiry a `license.expired` event was last written for. The sweep writes an event only when it can
 * move this mark to a new instant, so each expiry is recorded exactly once, whichever process gets there.
 */
@Entity('license_expiry_marks')
export class LicenseExpiryMarkOrmEntity {
  @PrimaryColumn({ name: 'license_id', type: 'uuid' })
  licenseId: string;

  @Column({ name: 'effective_expires_at', type: 'timestamptz' })
  effectiveExpiresAt: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
