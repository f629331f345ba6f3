import { Command } from '@nestjs/cqrs';

/** Housekeeping: settled deliveries older than `retentionDays`, and endpoints of deleted products once drained. */
export class PurgeWebhookDeliveriesCommand extends Command<{ deliveries: number; endpoints: number }> {
  constructor(readonly retentionDays = 30) {
    super();
  }
}
