import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock, sameJson } from '@geckoguard/core';
import { isUniqueViolation, TransactionRunner } from '@geckoguard/database';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { defaultPolicyProblems, effectivePolicyProblems, prefixPath, type PolicyDetail } from '../../domain/default-policy-check.js';
import type { ProductMutableField, ProductView } from '../../domain/product-view.js';
import { ProductOrmEntity } from '../../persistence/product.orm-entity.js';
import { PRODUCT_CODE_CONSTRAINT, toProductView } from '../../persistence/product-row.js';
import { UpdateProductCommand } from './update-product.command.js';

const FIELD = 'defaultLicensePolicy';
/** Licenses read per round trip while checking a new default against every override. */
const LICENSE_BATCH = 1000;
/** Licenses named in the error details; the rest are counted in one closing entry. */
const MAX_REPORTED_LICENSES = 20;

@CommandHandler(UpdateProductCommand)
export class UpdateProductHandler implements ICommandHandler<UpdateProductCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, orgId, productId, input }: UpdateProductCommand): Promise<ProductView> {
    const newPolicy = input.defaultLicensePolicy === undefined ? undefined : (input.defaultLicensePolicy ?? {});
    if (newPolicy !== undefined) {
      const problems = defaultPolicyProblems(newPolicy, FIELD);
      if (problems.length > 0) throw new AppError('INVALID_POLICY', 'defaultLicensePolicy is not a valid policy', problems);
    }

    try {
      return await this.transactions.run(async (tx) => {
        // Exclusive lock: license writes that depend on the default take FOR SHARE on this row (ProductLookup),
        // so no license can get an override while the check below runs against the licenses as they are.
        const product = await tx.findOne(ProductOrmEntity, { where: { id: productId, orgId }, lock: { mode: 'pessimistic_write' } });
        if (!product) throw AppError.notFound('Product');

        const changes: Partial<Pick<ProductOrmEntity, ProductMutableField>> = {};
        if (input.name !== undefined && input.name !== product.name) changes.name = input.name;
        if (input.code !== undefined && input.code !== product.code) changes.code = input.code;
        if (input.description !== undefined && input.description !== product.description) changes.description = input.description;
        if (newPolicy !== undefined && !sameJson(newPolicy, product.defaultLicensePolicy)) changes.defaultLicensePolicy = newPolicy;
        const changedFields = Object.keys(changes) as ProductMutableField[];
        // Nothing changes, nothing is recorded.
        if (changedFields.length === 0) return toProductView(product);

        if (changes.defaultLicensePolicy !== undefined) {
          const broken = await this.licensesBrokenBy(tx, product.id, changes.defaultLicensePolicy);
          if (broken.length > 0) {
            throw new AppError('INVALID_POLICY', 'defaultLicensePolicy would leave licenses of this product with an invalid effective policy', broken);
          }
        }

        const updatedAt = this.clock.now();
        await tx.update(ProductOrmEntity, { id: product.id }, { ...changes, updatedAt } as QueryDeepPartialEntity<ProductOrmEntity>);
        const updated = toProductView({ ...product, ...changes, updatedAt });
        await this.audit.append(tx, [
          { type: 'product.updated', orgId, productId: product.id, actor, data: { changedFields, code: updated.code } },
        ]);
        return updated;
      });
    } catch (error) {
      if (isUniqueViolation(error, PRODUCT_CODE_CONSTRAINT)) throw AppError.conflict(`A product with code ${input.code} already exists in this organization`);
      throw error;
    }
  }

  /**
   * Every license whose override, merged with `newDefault`, gives an invalid effective policy. Licenses
   * without an override get the default alone, which is already checked. Identical overrides are resolved once.
   */
  private async licensesBrokenBy(tx: EntityManager, productId: string, newDefault: Record<string, unknown>): Promise<PolicyDetail[]> {
    const details: PolicyDetail[] = [];
    const verdicts = new Map<string, ReturnType<typeof effectivePolicyProblems>>();
    let brokenCount = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = (await tx.query(
        `SELECT id, policy_override FROM licenses
          WHERE product_id = $1 AND policy_override IS NOT NULL AND id > $2
          ORDER BY id LIMIT ${LICENSE_BATCH}`,
        [productId, after],
      )) as Array<{ id: string; policy_override: Record<string, unknown> }>;
      for (const row of rows) {
        const key = JSON.stringify(row.policy_override);
        let problems = verdicts.get(key);
        if (!problems) {
          problems = effectivePolicyProblems(newDefault, row.policy_override);
          verdicts.set(key, problems);
        }
        if (problems.length === 0) continue;
        brokenCount++;
        if (brokenCount <= MAX_REPORTED_LICENSES) {
          for (const p of problems) details.push({ path: prefixPath(FIELD, p.path), message: `license ${row.id}: ${p.message}` });
        }
      }
      if (rows.length < LICENSE_BATCH) break;
      after = rows[rows.length - 1]!.id;
    }
    if (brokenCount > MAX_REPORTED_LICENSES) {
      details.push({ path: FIELD, message: `and ${brokenCount - MAX_REPORTED_LICENSES} more licenses whose effective policy would be invalid` });
    }
    return details;
  }
}
