import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { ProductOrmEntity } from '../../persistence/product.orm-entity.js';
import { DeleteProductCommand, type DeleteProductResult } from './delete-product.command.js';

@CommandHandler(DeleteProductCommand)
export class DeleteProductHandler implements ICommandHandler<DeleteProductCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, orgId, productId }: DeleteProductCommand): Promise<DeleteProductResult> {
    return this.transactions.run(async (tx) => {
      // Exclusive lock: license creation takes FOR SHARE on this row (ProductLookup), so none can slip in
      // between the check below and the delete.
      const product = await tx.findOne(ProductOrmEntity, { where: { id: productId, orgId }, lock: { mode: 'pessimistic_write' } });
      if (!product) throw AppError.notFound('Product');

      const licenses = (await tx.query(`SELECT 1 FROM licenses WHERE product_id = $1 LIMIT 1`, [product.id])) as unknown[];
      if (licenses.length > 0) throw AppError.conflict('The product still has licenses; delete them first');

      // API keys are bound to the product and mean nothing without it.
      const keys = await tx.createQueryBuilder().delete().from('api_keys').where('product_id = :id', { id: product.id }).execute();
      await tx.delete(ProductOrmEntity, { id: product.id });
      await this.audit.append(tx, [
        {
          type: 'product.deleted',
          orgId,
          productId: product.id,
          actor,
          data: { name: product.name, code: product.code, apiKeysDeleted: keys.affected ?? 0 },
        },
      ]);
      return { deleted: true };
    });
  }
}

