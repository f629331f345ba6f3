import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { AuditEventsCommittedEvent } from '../events/audit-events-committed.event.js';
import { AuditStreamHub } from './audit-stream.hub.js';

/** Live streams hear of this process's commits at once instead of at the next poll. */
@EventsHandler(AuditEventsCommittedEvent)
export class WakeStreamsOnCommitHandler implements IEventHandler<AuditEventsCommittedEvent> {
  constructor(private readonly hub: AuditStreamHub) {}

  handle(): void {
    this.hub.pollNow();
  }
}
