import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock, sameJson } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { WebhookAddressGuard } from '../../delivery/webhook-address-guard.js';
import type { WebhookEndpointView } from '../../domain/webhook-endpoint-view.js';
import { WebhookEndpointOrmEntity } from '../../persistence/webhook-endpoint.orm-entity.js';
import { toEndpointView } from '../../persistence/webhook-views.js';
import { UpdateWebhookEndpointCommand } from './update-webhook-endpoint.command.js';

/**
 * Absent fields stay as they are; nothing is written when nothing changes. Enabling an endpoint clears its
 * failure count. Its cursor is kept, so after a pause it receives what happened meanwhile (the audit log is
 * the outbox).
 */
@CommandHandler(UpdateWebhookEndpointCommand)
export class UpdateWebhookEndpointHandler implements ICommandHandler<UpdateWebhookEndpointCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly addresses: WebhookAddressGuard,
  ) {}

  async execute({ actor, orgId, productId, endpointId, patch }: UpdateWebhookEndpointCommand): Promise<WebhookEndpointView> {
    if (patch.url !== undefined) await this.addresses.checkForSave(patch.url);
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const endpoint = await tx.findOne(WebhookEndpointOrmEntity, { where: { id: endpointId, productId, orgId }, lock: { mode: 'pessimistic_write' } });
      if (!endpoint) throw AppError.notFound('Webhook endpoint');
      const changed: string[] = [];
      if (patch.url !== undefined && patch.url !== endpoint.url) {
        endpoint.url = patch.url;
        changed.push('url');
      }
      if (patch.events !== undefined && !sameJson(patch.events, endpoint.events)) {
        endpoint.events = patch.events;
        changed.push('events');
      }
      if (patch.enabled !== undefined && patch.enabled !== endpoint.enabled) {
        endpoint.enabled = patch.enabled;
        changed.push('enabled');
        if (patch.enabled) {
          endpoint.consecutiveFailures = 0;
          endpoint.disabledAt = null;
        }
      }
      if (changed.length === 0) return toEndpointView(endpoint);
      endpoint.updatedAt = now;
      await tx.update(
        WebhookEndpointOrmEntity,
        { id: endpoint.id },
        {
          url: endpoint.url,
          events: endpoint.events,
          enabled: endpoint.enabled,
          consecutiveFailures: endpoint.consecutiveFailures,
          disabledAt: endpoint.disabledAt,
          updatedAt: now,
        },
      );
      await this.audit.append(tx, [
        {
          type: 'webhook.updated',
          orgId,
          productId,
          actor,
          data: { endpointId: endpoint.id, url: endpoint.url, events: endpoint.events, enabled: endpoint.enabled, changedFields: changed },
        },
      ]);
      return toEndpointView(endpoint);
    });
  }
}
