import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

/**
 * A background job run every `intervalSeconds` in each process (0 turns it off there). Runs never overlap:
 * a tick while the previous run is busy is skipped. Shutdown waits for the run in progress. The work must
 * be safe to run in several processes at once (exactly-once by its own SQL), so no leader election is needed.
 */
export abstract class IntervalJob implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly name: string;
  /** Also run once at start-up, for a job whose interval is longer than some processes live. */
  protected readonly runAtStart: boolean = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  protected abstract intervalSeconds(): number;

  /** One run; returns a line to log when it did something, or null. */
  protected abstract run(): Promise<string | null>;

  onApplicationBootstrap(): void {
    const seconds = this.intervalSeconds();
    if (seconds <= 0) return;
    this.timer = setInterval(() => void this.tick(), seconds * 1000);
    this.timer.unref();
    if (this.runAtStart) void this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  async tick(): Promise<void> {
    if (this.running) return;
    const logger = new Logger(this.name);
    this.running = this.run()
      .then((line) => {
        if (line) logger.log(line);
      })
      .catch((error: unknown) => logger.error(`${this.name} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.running = null;
      });
    await this.running;
  }
}
