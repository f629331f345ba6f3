import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig } from '@geckoguard/core';
import { RecordExpiriesCommand } from '../commands/record-expiries/record-expiries.command.js';

/**
 * Runs the expiry sweep every EXPIRY_SWEEP_INTERVAL_SECONDS (0 turns it off in this process). Every process
 * may run it: the command is exactly-once by itself, so no leader election is needed.
 */
@Injectable()
export class ExpirySweepScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ExpirySweep');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly commands: CommandBus,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.expirySweepIntervalSeconds;
    if (seconds <= 0) return;
    this.timer = setInterval(() => void this.tick(), seconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One sweep; skipped while the previous one still runs. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.commands
      .execute(new RecordExpiriesCommand())
      .then(({ recorded }) => {
        if (recorded > 0) this.logger.log(`recorded ${recorded} expired license(s)`);
      })
      .catch((error: unknown) => this.logger.error(`expiry sweep failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.running = null;
      });
    await this.running;
  }
}
