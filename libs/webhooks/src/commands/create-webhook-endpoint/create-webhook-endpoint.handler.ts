import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { Clock, randomToken } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { WebhookAddressGuard } from '../../delivery/webhook-address-guard.js';
import type { WebhookEndpointView } from '../../domain/webhook-endpoint-view.js';
import { WebhookEndpointOrmEntity } from '../../persistence/webhook-endpoint.orm-entity.js';
import { toEndpointView } from '../../persistence/webhook-views.js';
import { CreateWebhookEndpointCommand } from './create-webhook-endpoint.command.js';

@CommandHandler(CreateWebhookEndpointCommand)
export class CreateWebhookEndpointHandler implements ICommandHandler<CreateWebhookEndpointCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly addresses: WebhookAddressGuard,
  ) {}

  async execute({ actor, orgId, productId, input }: CreateWebhookEndpointCommand): Promise<WebhookEndpointView> {
    await this.addresses.checkForSave(input.url);
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const entity = tx.create(WebhookEndpointOrmEntity, {
        // Known before the insert, so the creation event can name it.
        id: randomUUID(),
        orgId,
        productId,
        url: input.url,
        events: input.events,
        enabled: input.enabled,
        secret: `whsec_${randomToken(32)}`,
        consecutiveFailures: 0,
        disabledAt: null,
        createdAt: now,
        updatedAt: now,
      });
      const [created] = await this.audit.append(tx, [
        {
          type: 'webhook.created',
          orgId,
          productId,
          actor,
          data: { endpointId: entity.id, url: input.url, events: input.events, enabled: input.enabled },
        },
      ]);
      // Starts after its own creation event: a new endpoint receives only what happens after it exists.
      entity.eventCursor = created!.id;
      await tx.insert(WebhookEndpointOrmEntity, entity as QueryDeepPartialEntity<WebhookEndpointOrmEntity>);
      return toEndpointView(entity);
    });
  }
}
