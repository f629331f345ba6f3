import { Injectable } from '@nestjs/common';

/** The source of "now" for every rule; tests replace it to move time without sleeping. */
@Injectable()
export class Clock {
  private offsetMs = 0;
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date(Date.now() + this.offsetMs);
  }

  /** Test support: pin the clock to an instant. */
  set(instant: Date): void {
    this.fixed = new Date(instant.getTime());
  }

  /** Test support: move the clock forward (or back) by `ms`. */
  advance(ms: number): void {
    if (this.fixed) this.fixed = new Date(this.fixed.getTime() + ms);
    else this.offsetMs += ms;
  }

  reset(): void {
    this.fixed = null;
    this.offsetMs = 0;
  }
}
