import { Command } from '@nestjs/cqrs';

export interface DispatchResult {
  queued: number;
  attempted: number;
  delivered: number;
  failed: number;
}

/**
 * One round of webhook work: queue deliveries for new audit events, then attempt up to `maxAttempts` due
 * deliveries. Safe to run in several processes at once. The scheduler runs it; tests run it directly.
 */
export class DispatchWebhooksCommand extends Command<DispatchResult> {
  constructor(readonly maxAttempts = 50) {
    super();
  }
}
