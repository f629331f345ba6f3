import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig, IntervalJob } from '@geckoguard/core';
import { RecordExpiriesCommand } from '../commands/record-expiries/record-expiries.command.js';

/** The expiry sweep, every EXPIRY_SWEEP_INTERVAL_SECONDS; the command is exactly-once by itself. */
@Injectable()
export class ExpirySweepScheduler extends IntervalJob {
  protected readonly name = 'ExpirySweep';

  constructor(
    private readonly commands: CommandBus,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalSeconds(): number {
    return this.config.expirySweepIntervalSeconds;
  }

  protected async run(): Promise<string | null> {
    const { recorded } = await this.commands.execute(new RecordExpiriesCommand());
    return recorded > 0 ? `recorded ${recorded} expired license(s)` : null;
  }
}
