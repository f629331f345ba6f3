import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig } from '@geckoguard/core';
import { LockMisusedLicensesCommand } from '../commands/lock-misused-licenses/lock-misused-licenses.command.js';

/**
 * Runs misuse detection every MISUSE_SCAN_INTERVAL_SECONDS (0 turns it off in this process). Every process
 * may run it: the command locks each license once by itself, so no leader election is needed.
 */
@Injectable()
export class MisuseScanScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MisuseScan');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly commands: CommandBus,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.misuseScanIntervalSeconds;
    if (seconds <= 0) return;
    this.timer = setInterval(() => void this.tick(), seconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One scan; skipped while the previous one still runs. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.commands
      .execute(new LockMisusedLicensesCommand())
      .then(({ locked }) => {
        if (locked > 0) this.logger.log(`locked ${locked} license(s) for misuse`);
      })
      .catch((error: unknown) => this.logger.error(`misuse scan failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.running = null;
      });
    await this.running;
  }
}
