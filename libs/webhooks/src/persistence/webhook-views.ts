import type { WebhookDeliveryView } from '../domain/webhook-delivery-view.js';
import type { WebhookEndpointView } from '../domain/webhook-endpoint-view.js';
import type { WebhookDeliveryOrmEntity } from './webhook-delivery.orm-entity.js';
import type { WebhookEndpointOrmEntity } from './webhook-endpoint.orm-entity.js';

export function toEndpointView(row: WebhookEndpointOrmEntity): WebhookEndpointView {
  return {
    id: row.id,
    productId: row.productId,
    url: row.url,
    events: row.events,
    enabled: row.enabled,
    secret: row.secret,
    consecutiveFailures: row.consecutiveFailures,
    disabledAt: row.disabledAt ? row.disabledAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toDeliveryView(row: WebhookDeliveryOrmEntity): WebhookDeliveryView {
  return {
    id: row.id,
    eventId: row.eventId === null ? null : String(row.eventId),
    event: row.event,
    status: row.status,
    attempt: row.attempt,
    responseStatus: row.responseStatus,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt ? row.nextAttemptAt.toISOString() : null,
  };
}
