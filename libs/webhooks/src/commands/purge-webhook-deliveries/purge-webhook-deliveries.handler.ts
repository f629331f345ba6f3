import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import { PurgeWebhookDeliveriesCommand } from './purge-webhook-deliveries.command.js';

/** The delivery log grows with every event, so it is bounded: settled entries are kept `retentionDays`. */
@CommandHandler(PurgeWebhookDeliveriesCommand)
export class PurgeWebhookDeliveriesHandler implements ICommandHandler<PurgeWebhookDeliveriesCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute({ retentionDays }: PurgeWebhookDeliveriesCommand): Promise<{ deliveries: number; endpoints: number }> {
    const before = new Date(this.clock.now().getTime() - retentionDays * 86_400_000);
    const [, deliveries] = (await this.dataSource.query(`DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1`, [before])) as [
      unknown,
      number,
    ];
    // A deleted product leaves its endpoints behind (products knows nothing of webhooks); they go once they
    // have queued the product's last events (product.deleted among them) and have nothing left to send.
    const [, endpoints] = (await this.dataSource.query(
      `DELETE FROM webhook_endpoints w
        WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.id = w.product_id)
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = w.id AND d.status = 'pending')
          AND NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.org_id = w.org_id AND a.id > w.event_cursor AND a.product_id = w.product_id)`,
    )) as [unknown, number];
    if (endpoints > 0) await this.dataSource.query(`DELETE FROM webhook_deliveries d WHERE NOT EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.id = d.endpoint_id)`);
    return { deliveries, endpoints };
  }
}
