import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { AuditEventsCommittedEvent } from '@geckoguard/audit';
import { WebhookDispatchScheduler } from './webhook-dispatch.scheduler.js';

/** The dispatcher hears of this process's commits at once instead of at the next interval. */
@EventsHandler(AuditEventsCommittedEvent)
export class WakeDispatcherOnCommitHandler implements IEventHandler<AuditEventsCommittedEvent> {
  constructor(private readonly scheduler: WebhookDispatchScheduler) {}

  handle(): void {
    this.scheduler.wake();
  }
}
