import { isUuid } from '@geckoguard/core';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProductRef } from '../domain/product-view.js';


/**
 * Row lock to take on the product in the caller's transaction:
 * - `share`: for writes that depend on the product's current default policy or on its existence (creating a
 *   license, changing a license's policy override, creating an API key). It waits for a product PATCH or
 *   DELETE in flight (they hold `FOR UPDATE`) and then sees their result, so a license can never be created
 *   for a deleted product nor get an override that the new default makes invalid. Shares never block each other.
 * - `update`: exclusive, as the product's own PATCH and DELETE take it.
 */
export type ProductLock = 'share' | 'update';

interface ProductRefRow {
  id: string;
  org_id: string;
  code: string;
  default_license_policy: Record<string, unknown>;
}

const LOCK_SQL: Record<ProductLock, string> = { share: ' FOR SHARE', update: ' FOR UPDATE' };

function toRef(row: ProductRefRow | undefined): ProductRef | null {
  return row ? { id: row.id, orgId: row.org_id, code: row.code, defaultLicensePolicy: row.default_license_policy ?? {} } : null;
}

/** Product lookups for other libs, always scoped to an organization (another org's product is not found). */
@Injectable()
export class ProductLookup {
  /** The product `productId` of `orgId`, or null (also for a malformed id). Runs on `manager`, i.e. in its transaction. */
  async findInOrg(manager: EntityManager, orgId: string, productId: string, opts: { lock?: ProductLock } = {}): Promise<ProductRef | null> {
    if (!isUuid(productId) || !isUuid(orgId)) return null;
    const lock = opts.lock ? LOCK_SQL[opts.lock] : '';
    const rows = (await manager.query(
      `SELECT id, org_id, code, default_license_policy FROM products WHERE id = $1 AND org_id = $2${lock}`,
      [productId, orgId],
    )) as ProductRefRow[];
    return toRef(rows[0]);
  }
}
