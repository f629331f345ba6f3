import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppError, Clock } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { WebhookSender } from '../../delivery/webhook-sender.js';
import type { WebhookDeliveryView } from '../../domain/webhook-delivery-view.js';
import { signatureHeader } from '../../domain/webhook-signature.js';
import { WebhookDeliveryOrmEntity } from '../../persistence/webhook-delivery.orm-entity.js';
import { WebhookEndpointOrmEntity } from '../../persistence/webhook-endpoint.orm-entity.js';
import { toDeliveryView } from '../../persistence/webhook-views.js';
import { SendTestPingCommand } from './send-test-ping.command.js';

/**
 * A ping goes out whether or not the endpoint is enabled (to check a receiver before enabling it), is signed
 * like any delivery, and is logged; it neither retries nor counts toward disabling the endpoint.
 */
@CommandHandler(SendTestPingCommand)
export class SendTestPingHandler implements ICommandHandler<SendTestPingCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: WebhookSender,
    private readonly clock: Clock,
  ) {}

  async execute({ orgId, productId, endpointId }: SendTestPingCommand): Promise<WebhookDeliveryView> {
    const endpoint = await this.dataSource.manager.findOne(WebhookEndpointOrmEntity, { where: { id: endpointId, productId, orgId } });
    if (!endpoint) throw AppError.notFound('Webhook endpoint');
    const now = this.clock.now();
    const id = randomUUID();
    const body = JSON.stringify({ id, event: 'test.ping', data: { endpointId: endpoint.id, productId, orgId }, timestamp: now.toISOString() });
    const outcome = await this.sender.send({
      url: endpoint.url,
      event: 'test.ping',
      deliveryId: id,
      signature: signatureHeader(endpoint.secret, Math.floor(now.getTime() / 1000), body),
      body,
    });
    // Logged once it has an outcome: a row written before the send would stay pending for good if the
    // process died during it (nothing retries a ping, and a pending row holds up the purge of its endpoint).
    const delivery = this.dataSource.manager.create(WebhookDeliveryOrmEntity, {
      id,
      endpointId: endpoint.id,
      orgId,
      eventId: null,
      event: 'test.ping',
      body,
      status: outcome.ok ? 'delivered' : 'failed',
      attempt: 1,
      responseStatus: outcome.responseStatus,
      error: outcome.error,
      createdAt: now,
      nextAttemptAt: null,
      lastAttemptAt: now,
    });
    await this.dataSource.manager.insert(WebhookDeliveryOrmEntity, delivery as QueryDeepPartialEntity<WebhookDeliveryOrmEntity>);
    return toDeliveryView(delivery);
  }
}
