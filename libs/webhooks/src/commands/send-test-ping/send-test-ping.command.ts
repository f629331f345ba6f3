import { Command } from '@nestjs/cqrs';
import type { WebhookDeliveryView } from '../../domain/webhook-delivery-view.js';

/** Sends `test.ping` to an endpoint now, once (no retries), and answers with the delivery as logged. */
export class SendTestPingCommand extends Command<WebhookDeliveryView> {
  constructor(
    readonly orgId: string,
    readonly productId: string,
    readonly endpointId: string,
  ) {
    super();
  }
}
