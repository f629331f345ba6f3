import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('products')
@Index('uq_products_org_code', ['orgId', 'code'], { unique: true })
@Index('ix_products_org_created', ['orgId', 'createdAt'])
export class ProductOrmEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** The product's policy document as the vendor wrote it (defaults are applied when resolving). */
  @Column({ name: 'default_license_policy', type: 'jsonb', default: () => "'{}'" })
  defaultLicensePolicy: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
