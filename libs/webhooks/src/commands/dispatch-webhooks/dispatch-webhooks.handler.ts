import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@geckoguard/core';
import { WebhookDeliveryRunner } from '../../delivery/webhook-delivery-runner.js';
import { WebhookFanout } from '../../delivery/webhook-fanout.js';
import { DispatchWebhooksCommand, type DispatchResult } from './dispatch-webhooks.command.js';

/** A background job rather than a use case: its work commits in several short transactions, each safe to repeat. */
@CommandHandler(DispatchWebhooksCommand)
export class DispatchWebhooksHandler implements ICommandHandler<DispatchWebhooksCommand> {
  constructor(
    private readonly fanout: WebhookFanout,
    private readonly runner: WebhookDeliveryRunner,
    private readonly clock: Clock,
  ) {}

  async execute({ maxAttempts }: DispatchWebhooksCommand): Promise<DispatchResult> {
    const queued = await this.fanout.run(this.clock.now());
    const tally = await this.runner.runDue(this.clock.now(), maxAttempts);
    return { queued, ...tally };
  }
}
