import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A client session of a license. Open (not ended) sessions are unique per license and session id, so a
 * revoked one stays to refuse its id; an ended one frees the id for a new session.
 */
@Entity('sessions')
@Index('uq_sessions_open', ['licenseId', 'sessionIdHash'], { unique: true, where: '"ended_at" IS NULL' })
@Index('ix_sessions_license_created', ['licenseId', 'createdAt'])
/** Revoked sessions by id, ended ones too (their id stays refused): migration 1796300000000. */
@Index('ix_sessions_revoked', ['licenseId', 'sessionIdHash'], { where: '"revoked_at" IS NOT NULL' })
export class SessionOrmEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'license_id', type: 'uuid' })
  licenseId: string;

  @Column({ name: 'session_id_hash', type: 'char', length: 64 })
  sessionIdHash: string;

  @Column({ name: 'device_id', type: 'varchar', length: 256, nullable: true })
  deviceId: string | null;

  @Column({ name: 'ip_hash', type: 'char', length: 64, nullable: true })
  ipHash: string | null;

  @Column({ name: 'hwid_hash', type: 'char', length: 64, nullable: true })
  hwidHash: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  /** lastSeenAt + the policy's sessionTtlSeconds when last seen. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
