import { Module } from '@nestjs/common';
import { LockMisusedLicensesHandler } from './commands/lock-misused-licenses/lock-misused-licenses.handler.js';
import { RecordExpiriesHandler } from './commands/record-expiries/record-expiries.handler.js';
import { ExpirySweepScheduler } from './jobs/expiry-sweep.scheduler.js';
import { MisuseScanScheduler } from './jobs/misuse-scan.scheduler.js';

@Module({
  providers: [RecordExpiriesHandler, ExpirySweepScheduler, LockMisusedLicensesHandler, MisuseScanScheduler],
  exports: [ExpirySweepScheduler, MisuseScanScheduler],
})
export class ExpirationModule {}
