import type { ServerResponse } from 'node:http';
import type { AuditEventView } from '../domain/audit-event.js';
import type { AuditEventQueries } from '../queries/read-audit-events/audit-event-queries.js';

export interface AuditStreamFilter {
  type?: string;
  licenseId?: string;
  productId?: string;
}

export interface AuditStreamOptions {
  orgId: string;
  /** Exclusive: the stream starts with the first event after this id. */
  after: string;
  filter: AuditStreamFilter;
  heartbeatMs: number;
  /** Re-read even without a wake-up this often, should a wake-up ever be lost. */
  fallbackMs: number;
  /** Asked at every heartbeat: false (the caller left the organization) ends the stream. */
  stillAllowed: () => Promise<boolean>;
  pageSize: number;
}

/** What the hub and tests can see of a stream. */
export interface AuditStreamState {
  orgId: string;
  /** The last event id written to the client. */
  lastSentId: string;
  /** Waiting for the client to drain its socket before reading more. */
  waitingForDrain: boolean;
  eventsSent: number;
}

function frame(event: AuditEventView): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * One Server-Sent Events subscriber. It reads the table in pages from its own cursor and writes a page only
 * when the socket has drained the previous one, so a slow consumer costs at most one page of memory; it falls
 * behind in the table, not in a buffer. Between pages it sleeps until the hub reports new events of its
 * organization, or the fallback interval passes.
 */
export class AuditEventStream {
  private lastSentId: string;
  /** Where the next read starts: the last id sent, or further once a short page proved nothing more matches. */
  private scanFrom: bigint;
  private closed = false;
  private dirty = false;
  private waitingForDrain = false;
  private checking = false;
  private eventsSent = 0;
  private wakeUp: (() => void) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly res: ServerResponse,
    private readonly queries: AuditEventQueries,
    private readonly opts: AuditStreamOptions,
    private readonly onEnd: (stream: AuditEventStream) => void,
    private readonly onError: (error: unknown) => void,
  ) {
    this.lastSentId = opts.after;
    this.scanFrom = BigInt(opts.after);
  }

  get orgId(): string {
    return this.opts.orgId;
  }

  state(): AuditStreamState {
    return { orgId: this.opts.orgId, lastSentId: this.lastSentId, waitingForDrain: this.waitingForDrain, eventsSent: this.eventsSent };
  }

  start(): void {
    this.res.on('close', () => this.stop());
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // Proxies such as nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    this.res.write('retry: 2000\n\n');
    this.heartbeat = setInterval(() => void this.beat(), this.opts.heartbeatMs);
    this.heartbeat.unref();
    this.loop = this.run().catch((error: unknown) => {
      this.onError(error);
      this.end();
    });
  }

  /**
   * Membership is read on every request (API.md §1); a stream is one long request, so it is read again at each
   * heartbeat, and a caller removed from the organization stops receiving its events.
   */
  private async beat(): Promise<void> {
    if (this.closed || this.checking) return;
    this.checking = true;
    try {
      if (!(await this.opts.stillAllowed())) {
        void this.end();
        return;
      }
    } catch {
      // The database is unreachable for a moment: keep the stream, the next heartbeat asks again.
    } finally {
      this.checking = false;
    }
    // A consumer that has not drained the last page gets no heartbeat either: it is not idle, just slow.
    if (!this.closed && !this.waitingForDrain) this.res.write(': heartbeat\n\n');
  }

  /** New events of this organization may be readable. */
  wake(): void {
    this.dirty = true;
    this.wakeUp?.();
  }

  /** Ends the response (server shutdown, or a failure) and waits for the read loop to notice. */
  async end(): Promise<void> {
    if (!this.closed) {
      this.stop();
      // Close the connection too: a keep-alive socket left behind would hold a closing server open.
      this.res.end(() => this.res.socket?.destroy());
    }
    await this.loop;
  }

  private stop(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.wakeUp?.();
    this.onEnd(this);
  }

  private async run(): Promise<void> {
    const { orgId, filter, pageSize } = this.opts;
    while (!this.closed) {
      this.dirty = false;
      const { events, horizon } = await this.queries.read(orgId, { after: this.scanFrom.toString(), limit: pageSize, ...filter });
      for (const event of events) {
        if (this.closed) return;
        const flushed = this.res.write(frame(event));
        this.lastSentId = event.id;
        this.scanFrom = BigInt(event.id);
        this.eventsSent++;
        if (!flushed) await this.drained();
      }
      if (this.closed) return;
      if (events.length === pageSize) continue;
      // A short page saw every match below the horizon: later reads need not rescan what was filtered out.
      const below = BigInt(horizon) - 1n;
      if (below > this.scanFrom) this.scanFrom = below;
      if (!this.dirty) await this.sleep();
    }
  }

  private drained(): Promise<void> {
    this.waitingForDrain = true;
    return new Promise<void>((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        this.waitingForDrain = false;
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }

  private sleep(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.wakeUp?.(), this.opts.fallbackMs);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
    });
  }
}
