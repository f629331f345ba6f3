import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig, IntervalJob } from '@geckoguard/core';
import { LockMisusedLicensesCommand } from '../commands/lock-misused-licenses/lock-misused-licenses.command.js';

/** Misuse detection, every MISUSE_SCAN_INTERVAL_SECONDS; the command locks each license once by itself. */
@Injectable()
export class MisuseScanScheduler extends IntervalJob {
  protected readonly name = 'MisuseScan';

  constructor(
    private readonly commands: CommandBus,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalSeconds(): number {
    return this.config.misuseScanIntervalSeconds;
  }

  protected async run(): Promise<string | null> {
    const { locked } = await this.commands.execute(new LockMisusedLicensesCommand());
    return locked > 0 ? `locked ${locked} license(s) for misuse` : null;
  }
}
