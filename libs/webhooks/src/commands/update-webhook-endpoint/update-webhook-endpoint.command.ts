import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { WebhookEndpointView } from '../../domain/webhook-endpoint-view.js';
import type { WebhookEndpointInput } from '../create-webhook-endpoint/create-webhook-endpoint.command.js';

export class UpdateWebhookEndpointCommand extends Command<WebhookEndpointView> {
  constructor(
    readonly actor: Actor,
    readonly orgId: string,
    readonly productId: string,
    readonly endpointId: string,
    readonly patch: Partial<WebhookEndpointInput>,
  ) {
    super();
  }
}
