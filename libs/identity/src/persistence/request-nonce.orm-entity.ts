import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Nonces of signed requests, per API key; purged after the 600 s replay window. */
@Entity('request_nonces')
@Index('ix_request_nonces_created', ['createdAt'])
export class RequestNonceOrmEntity {
  @PrimaryColumn({ name: 'api_key_id', type: 'uuid' })
  apiKeyId: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  nonce: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
