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

/** How long a stream being ended may still flush what it wrote before its connection is cut. */
const END_GRACE_MS = 1000;

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
  /** Resolves a wait for the socket to drain; stop() calls it too, since a dead socket never drains. */
  private drainWait: (() => void) | null = null;
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
    // A client that left while the request was being authorized has already closed: 'close' will not come again,
    // and a stream started on it would wait for a drain for ever (and hold a shutting-down server open).
    if (this.res.destroyed || this.res.writableEnded || this.res.socket?.destroyed !== false) {
      this.stop();
      return;
    }
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

  /**
   * Ends the response (server shutdown, or a failure) and waits for the read loop to notice. The connection is
   * closed too: a keep-alive socket left behind would hold a closing server open, and so would a client that has
   * stopped reading, whose unsent bytes would never flush; it gets END_GRACE_MS to take them.
   */
  async end(): Promise<void> {
    if (!this.closed) {
      this.stop();
      const socket = this.res.socket;
      this.res.end(() => socket?.destroy());
      setTimeout(() => socket?.destroy(), END_GRACE_MS).unref();
    }
    await this.loop;
  }

  private stop(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.wakeUp?.();
    this.drainWait?.();
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
    if (this.closed) return Promise.resolve();
    this.waitingForDrain = true;
    return new Promise<void>((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        this.drainWait = null;
        this.waitingForDrain = false;
        resolve();
      };
      this.drainWait = done;
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
