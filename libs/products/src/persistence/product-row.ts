import type { ProductView } from '../domain/product-view.js';
import type { ProductOrmEntity } from './product.orm-entity.js';

export function toProductView(p: ProductOrmEntity): ProductView {
  return {
    id: p.id,
    orgId: p.orgId,
    name: p.name,
    code: p.code,
    description: p.description ?? null,
    defaultLicensePolicy: p.defaultLicensePolicy ?? {},
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** The unique index behind "`code` is unique in the org" (API.md §3). */
export const PRODUCT_CODE_CONSTRAINT = 'uq_products_org_code';
