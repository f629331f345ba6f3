import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';

export class DeleteWebhookEndpointCommand extends Command<{ deleted: true }> {
  constructor(
    readonly actor: Actor,
    readonly orgId: string,
    readonly productId: string,
    readonly endpointId: string,
  ) {
    super();
  }
}
