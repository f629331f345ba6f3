import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig, IntervalJob } from '@geckoguard/core';
import { PurgeWebhookDeliveriesCommand } from '../commands/purge-webhook-deliveries/purge-webhook-deliveries.command.js';

/**
 * Keeps the delivery log bounded: hourly, and once at start-up (a process restarted more often than that must
 * still purge), settled deliveries past their retention and the drained endpoints of deleted products. It runs
 * where webhook dispatch runs; several processes at once are harmless.
 */
@Injectable()
export class WebhookDeliveryPurger extends IntervalJob {
  protected readonly name = 'WebhookDeliveries';
  protected override readonly runAtStart = true;

  constructor(
    private readonly commands: CommandBus,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalSeconds(): number {
    return this.config.webhookDispatchIntervalMs > 0 ? 3600 : 0;
  }

  protected async run(): Promise<string | null> {
    const { deliveries, endpoints } = await this.commands.execute(new PurgeWebhookDeliveriesCommand());
    return deliveries + endpoints > 0 ? `purged ${deliveries} settled deliveries and ${endpoints} endpoints of deleted products` : null;
  }
}
