import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { WebhookDeliveryOrmEntity } from '../../persistence/webhook-delivery.orm-entity.js';
import { WebhookEndpointOrmEntity } from '../../persistence/webhook-endpoint.orm-entity.js';
import { DeleteWebhookEndpointCommand } from './delete-webhook-endpoint.command.js';

/** The endpoint goes with its delivery log; pending deliveries are dropped with it. */
@CommandHandler(DeleteWebhookEndpointCommand)
export class DeleteWebhookEndpointHandler implements ICommandHandler<DeleteWebhookEndpointCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, orgId, productId, endpointId }: DeleteWebhookEndpointCommand): Promise<{ deleted: true }> {
    return this.transactions.run(async (tx) => {
      const endpoint = await tx.findOne(WebhookEndpointOrmEntity, { where: { id: endpointId, productId, orgId }, lock: { mode: 'pessimistic_write' } });
      if (!endpoint) throw AppError.notFound('Webhook endpoint');
      await tx.delete(WebhookDeliveryOrmEntity, { endpointId: endpoint.id });
      await tx.delete(WebhookEndpointOrmEntity, { id: endpoint.id });
      await this.audit.append(tx, [{ type: 'webhook.deleted', orgId, productId, actor, data: { endpointId: endpoint.id, url: endpoint.url } }]);
      return { deleted: true };
    });
  }
}
