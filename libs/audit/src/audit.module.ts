import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log.js';
import { AuditEventsController } from './http/audit-events.controller.js';
import { AuditStreamController } from './http/audit-stream.controller.js';
import { AuditEventQueries } from './queries/read-audit-events/audit-event-queries.js';
import { AuditStreamHub } from './stream/audit-stream.hub.js';
import { WakeStreamsOnCommitHandler } from './stream/wake-streams-on-commit.handler.js';

@Global()
@Module({
  controllers: [AuditEventsController, AuditStreamController],
  providers: [AuditLog, AuditEventQueries, AuditStreamHub, WakeStreamsOnCommitHandler],
  exports: [AuditLog, AuditEventQueries, AuditStreamHub],
})
export class AuditModule {}
