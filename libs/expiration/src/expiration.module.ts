import { Module } from '@nestjs/common';
import { RecordExpiriesHandler } from './commands/record-expiries/record-expiries.handler.js';
import { ExpirySweepScheduler } from './jobs/expiry-sweep.scheduler.js';

@Module({
  providers: [RecordExpiriesHandler, ExpirySweepScheduler],
  exports: [ExpirySweepScheduler],
})
export class ExpirationModule {}
