import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig } from '@geckoguard/core';
import { DispatchWebhooksCommand } from '../commands/dispatch-webhooks/dispatch-webhooks.command.js';
import { WebhookSender } from '../delivery/webhook-sender.js';

/** Wake-ups on commits come at most this often, so a busy authorization path does not turn into a dispatch loop. */
const WAKE_MIN_GAP_MS = 250;

/**
 * Runs webhook dispatch every WEBHOOK_DISPATCH_INTERVAL_MS (1 s; 0 turns it off in this process), and again
 * at once while a round finds more due work than it took. Every process may run it: the work is shared through
 * row locks, never duplicated. On shutdown, requests in flight are cut short and their deliveries released.
 */
@Injectable()
export class WebhookDispatchScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookDispatch');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private runAgain = false;
  private lastStart = 0;
  private timerDue = 0;

  constructor(
    private readonly commands: CommandBus,
    private readonly config: AppConfig,
    private readonly sender: WebhookSender,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.webhookDispatchIntervalMs <= 0) return;
    this.schedule(this.config.webhookDispatchIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.sender.abortAll();
    await this.running;
  }

  /** Events committed in this process: dispatch soon (at most every 250 ms) rather than at the next interval. */
  wake(): void {
    if (this.stopped || this.config.webhookDispatchIntervalMs <= 0) return;
    if (this.running) {
      this.runAgain = true;
      return;
    }
    const delay = this.gapLeft();
    if (this.timer && this.timerDue <= Date.now() + delay) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.schedule(delay);
  }

  private gapLeft(): number {
    return Math.max(0, this.lastStart + WAKE_MIN_GAP_MS - Date.now());
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timerDue = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick().finally(() => {
        this.running = null;
      });
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.lastStart = Date.now();
    let busy = false;
    try {
      const limit = 50;
      const result = await this.commands.execute(new DispatchWebhooksCommand(limit));
      busy = result.attempted === limit;
    } catch (error) {
      this.logger.error(`webhook dispatch failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const woken = this.runAgain;
    this.runAgain = false;
    this.schedule(busy ? 0 : woken ? this.gapLeft() : this.config.webhookDispatchIntervalMs);
  }
}
