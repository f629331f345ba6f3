import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock } from '@geckoguard/core';
import { isUniqueViolation, TransactionRunner } from '@geckoguard/database';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { defaultPolicyProblems } from '../../domain/default-policy-check.js';
import type { ProductView } from '../../domain/product-view.js';
import { ProductOrmEntity } from '../../persistence/product.orm-entity.js';
import { PRODUCT_CODE_CONSTRAINT, toProductView } from '../../persistence/product-row.js';
import { CreateProductCommand } from './create-product.command.js';

@CommandHandler(CreateProductCommand)
export class CreateProductHandler implements ICommandHandler<CreateProductCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, orgId, input }: CreateProductCommand): Promise<ProductView> {
    const problems = defaultPolicyProblems(input.defaultLicensePolicy);
    if (problems.length > 0) throw new AppError('INVALID_POLICY', 'defaultLicensePolicy is not a valid policy', problems);

    const now = this.clock.now();
    try {
      return await this.transactions.run(async (tx) => {
        const entity = tx.create(ProductOrmEntity, {
          orgId,
          name: input.name,
          code: input.code,
          description: input.description,
          defaultLicensePolicy: input.defaultLicensePolicy,
          createdAt: now,
          updatedAt: now,
        });
        // The unique index decides between concurrent creates with one code: the losers fail here (409).
        await tx.insert(ProductOrmEntity, entity as QueryDeepPartialEntity<ProductOrmEntity>);
        const product = toProductView(entity);
        await this.audit.append(tx, [
          { type: 'product.created', orgId, productId: product.id, actor, data: { name: product.name, code: product.code } },
        ]);
        return product;
      });
    } catch (error) {
      if (isUniqueViolation(error, PRODUCT_CODE_CONSTRAINT)) throw AppError.conflict(`A product with code ${input.code} already exists in this organization`);
      throw error;
    }
  }
}
