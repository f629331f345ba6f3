import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ExpirationModeColumn = 'never' | 'fixed' | 'afterActivation' | 'both';

@Entity('licenses')
@Index('ix_licenses_org_created', ['orgId', 'createdAt'])
@Index('ix_licenses_product', ['productId'])
export class LicenseOrmEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  /** The normalized key, shown to the vendor; lookups go through `keyHash`. */
  @Column({ type: 'varchar', length: 128 })
  key: string;

  @Column({ name: 'key_hash', type: 'char', length: 64, unique: true })
  keyHash: string;

  @Column({ name: 'expiration_mode', type: 'varchar', length: 16, default: 'never' })
  expirationMode: ExpirationModeColumn;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'expires_after_days', type: 'integer', nullable: true })
  expiresAfterDays: number | null;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  /** Start of the current frozen interval; null when not frozen. */
  @Column({ name: 'frozen_at', type: 'timestamptz', nullable: true })
  frozenAt: Date | null;

  /** Total milliseconds of completed frozen intervals (expiry pauses while frozen). */
  @Column({ name: 'frozen_ms', type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  frozenMs: number;

  /** Frozen time accrued before activation, which does not extend the days-after-activation bound. */
  @Column({
    name: 'frozen_ms_before_activation',
    type: 'bigint',
    default: 0,
    transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) },
  })
  frozenMsBeforeActivation: number;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoke_reason', type: 'varchar', length: 500, nullable: true })
  revokeReason: string | null;

  @Column({ name: 'locked_at', type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  @Column({ name: 'lock_reason', type: 'varchar', length: 500, nullable: true })
  lockReason: string | null;

  /** Set by unlock: misuse detection counts only the contexts seen since (API.md §10: a fresh window). */
  @Column({ name: 'misuse_window_start', type: 'timestamptz', nullable: true })
  misuseWindowStart: Date | null;

  @Column({ name: 'policy_override', type: 'jsonb', nullable: true })
  policyOverride: Record<string, unknown> | null;

  @Column({ name: 'is_trial', type: 'boolean', default: false })
  isTrial: boolean;

  @Column({ name: 'contact_first_name', type: 'varchar', length: 200, nullable: true })
  contactFirstName: string | null;

  @Column({ name: 'contact_last_name', type: 'varchar', length: 200, nullable: true })
  contactLastName: string | null;

  @Column({ name: 'contact_email', type: 'varchar', length: 320, nullable: true })
  contactEmail: string | null;

  @Column({ name: 'company_name', type: 'varchar', length: 200, nullable: true })
  companyName: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
