import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WebhookDeliveryView } from '../../domain/webhook-delivery-view.js';
import type { WebhookEndpointView } from '../../domain/webhook-endpoint-view.js';
import { WebhookDeliveryOrmEntity } from '../../persistence/webhook-delivery.orm-entity.js';
import { WebhookEndpointOrmEntity } from '../../persistence/webhook-endpoint.orm-entity.js';
import { toDeliveryView, toEndpointView } from '../../persistence/webhook-views.js';

@Injectable()
export class WebhookQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** A product's endpoints, newest first. */
  async endpoints(orgId: string, productId: string): Promise<WebhookEndpointView[]> {
    const rows = await this.dataSource.manager.find(WebhookEndpointOrmEntity, { where: { orgId, productId }, order: { createdAt: 'DESC', id: 'DESC' } });
    return rows.map(toEndpointView);
  }

  async endpoint(orgId: string, productId: string, endpointId: string): Promise<WebhookEndpointView | null> {
    const row = await this.dataSource.manager.findOne(WebhookEndpointOrmEntity, { where: { id: endpointId, orgId, productId } });
    return row ? toEndpointView(row) : null;
  }

  /** The endpoint's most recent deliveries, newest first; null when there is no such endpoint. */
  async deliveries(orgId: string, productId: string, endpointId: string, limit: number): Promise<WebhookDeliveryView[] | null> {
    if (!(await this.endpoint(orgId, productId, endpointId))) return null;
    const rows = await this.dataSource.manager.find(WebhookDeliveryOrmEntity, {
      where: { endpointId, orgId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    return rows.map(toDeliveryView);
  }
}
