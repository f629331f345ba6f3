import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { WebhookEndpointView } from '../../domain/webhook-endpoint-view.js';

export interface WebhookEndpointInput {
  url: string;
  events: string[];
  enabled: boolean;
}

export class CreateWebhookEndpointCommand extends Command<WebhookEndpointView> {
  constructor(
    readonly actor: Actor,
    readonly orgId: string,
    readonly productId: string,
    readonly input: WebhookEndpointInput,
  ) {
    super();
  }
}
