import { Injectable } from '@nestjs/common';
import { AppError, isUuid } from '@geckoguard/core';
import { type EntityManager, In } from 'typeorm';
import type { LicenseScope } from '../domain/license-scope.js';
import { LicenseOrmEntity } from './license.orm-entity.js';

function scoped(scope: LicenseScope) {
  return { orgId: scope.orgId, ...(scope.productId ? { productId: scope.productId } : {}) };
}

/** License rows for the write commands, always inside the caller's transaction and scope. */
@Injectable()
export class LicenseRepository {
  /**
   * The license `id` in `scope`, locked FOR UPDATE (as authorization locks it, so a change never interleaves
   * with a decision on the same license). Another org's or product's license, or a malformed id: 404.
   */
  async lockInScope(tx: EntityManager, scope: LicenseScope, id: string): Promise<LicenseOrmEntity> {
    if (!isUuid(id)) throw AppError.notFound('License');
    const license = await tx.findOne(LicenseOrmEntity, { where: { id, ...scoped(scope) }, lock: { mode: 'pessimistic_write' } });
    if (!license) throw AppError.notFound('License');
    return license;
  }

  /** The licenses among `ids` in `scope`, locked in id order (a fixed order, so two bulk calls cannot deadlock). */
  async lockManyInScope(tx: EntityManager, scope: LicenseScope, ids: string[]): Promise<LicenseOrmEntity[]> {
    if (ids.length === 0) return [];
    return tx.find(LicenseOrmEntity, { where: { id: In(ids), ...scoped(scope) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }
}
