import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log.js';
import { AuditEventsController } from './http/audit-events.controller.js';
import { AuditEventQueries } from './queries/read-audit-events/audit-event-queries.js';

@Global()
@Module({
  controllers: [AuditEventsController],
  providers: [AuditLog, AuditEventQueries],
  exports: [AuditLog, AuditEventQueries],
})
export class AuditModule {}
