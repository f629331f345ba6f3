import type { ServerResponse } from 'node:http';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import { AuditEventQueries } from '../queries/read-audit-events/audit-event-queries.js';
import { AUDIT_HORIZON_SQL } from '../queries/read-audit-events/audit-horizon.sql.js';
import { AuditEventStream, type AuditStreamFilter, type AuditStreamState } from './audit-event-stream.js';

const PAGE_SIZE = 100;
const WAKE_MIN_GAP_MS = 100;

/**
 * The live audit streams of this process. While any is open, one poller per process asks the database every
 * AUDIT_STREAM_POLL_MS (500 ms) which organizations have events that became readable since its last look (an
 * index range scan of the new ids) and wakes their streams. Polling sees what every server process wrote.
 *
 * Why polling and not LISTEN/NOTIFY: a NOTIFY issued by the writing transaction (a trigger on insert) takes a
 * cluster-wide lock at commit, which would serialize the commits of the authorization hot path; and a
 * notification still could not be acted on before the horizon has passed the event. One cheap query per
 * process per interval keeps new events within a second of their commit at no cost to writers.
 */
@Injectable()
export class AuditStreamHub implements BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditStream');
  private readonly streams = new Set<AuditEventStream>();
  private poller: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  /** Everything below it has been announced. */
  private announcedBelow: string | null = null;
  private closing = false;
  private pollAgain = false;
  private lastPollStart = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queries: AuditEventQueries,
    private readonly config: AppConfig,
  ) {}

  /**
   * Takes over `res` (headers not yet sent) and streams the organization's events after `after` to `userId`,
   * for as long as that user stays a member.
   */
  open(res: ServerResponse, orgId: string, userId: string, after: string, filter: AuditStreamFilter): void {
    if (this.closing) {
      res.writeHead(503, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', message: 'The server is shutting down', details: [] } }));
      return;
    }
    const stream = new AuditEventStream(
      res,
      this.queries,
      {
        orgId,
        after,
        filter,
        heartbeatMs: this.config.auditStreamHeartbeatMs,
        fallbackMs: Math.max(5_000, this.config.auditStreamPollMs * 10),
        stillAllowed: async () =>
          ((await this.dataSource.query(`SELECT 1 FROM org_members WHERE org_id = $1 AND user_id = $2`, [orgId, userId])) as unknown[]).length > 0,
        pageSize: PAGE_SIZE,
      },
      (ended) => {
        this.streams.delete(ended);
        // With no stream left the poller stops; its mark would be stale by the next stream.
        if (this.streams.size === 0) this.announcedBelow = null;
      },
      (error) => this.logger.error(`audit stream failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.streams.add(stream);
    this.schedulePoll();
    stream.start();
  }

  /** Open streams, for operations and tests. */
  states(): AuditStreamState[] {
    return [...this.streams].map((s) => s.state());
  }

  /** Server shutdown: end every stream at once, so open streams do not hold the HTTP server open. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.poller) clearTimeout(this.poller);
    this.poller = null;
    await Promise.all([...this.streams].map((s) => s.end()));
    await this.polling;
  }

  /**
   * Events committed in this process: look now instead of at the next poll (other processes' events still
   * arrive through polling). A look already running is followed by another at once.
   */
  pollNow(): void {
    if (this.closing || this.streams.size === 0) return;
    this.pollAgain = true;
    if (this.polling) return;
    if (this.poller) clearTimeout(this.poller);
    this.poller = null;
    this.schedulePoll();
  }

  private schedulePoll(): void {
    if (this.poller || this.polling || this.closing || this.streams.size === 0) return;
    // A wake-up looks at once, but at most every WAKE_MIN_GAP_MS, so a busy authorization path does not
    // turn into a polling loop.
    const delay = this.pollAgain ? Math.max(0, this.lastPollStart + WAKE_MIN_GAP_MS - Date.now()) : this.config.auditStreamPollMs;
    this.pollAgain = false;
    this.poller = setTimeout(() => {
      this.poller = null;
      this.startPoll();
    }, delay);
    this.poller.unref();
  }

  private startPoll(): void {
    this.lastPollStart = Date.now();
    this.polling = this.poll()
      .catch((error: unknown) => this.logger.warn(`audit stream poll failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.polling = null;
        this.schedulePoll();
      });
  }

  private async poll(): Promise<void> {
    const from = this.announcedBelow;
    const rows = (await this.dataSource.query(
      `WITH h AS MATERIALIZED (${AUDIT_HORIZON_SQL})
       SELECT h.horizon,
              CASE WHEN $1::bigint IS NULL THEN '{}'::uuid[]
                   ELSE ARRAY(SELECT DISTINCT e.org_id FROM audit_events e WHERE e.id >= $1::bigint AND e.id < h.horizon AND e.org_id IS NOT NULL)
              END AS orgs
         FROM h`,
      [from],
    )) as Array<{ horizon: string; orgs: string[] }>;
    const { horizon, orgs } = rows[0]!;
    this.announcedBelow = from === null || BigInt(horizon) > BigInt(from) ? String(horizon) : from;
    // Without a mark yet (first look since streams were opened), wake them all once.
    const woken = from === null ? null : new Set(orgs);
    for (const stream of this.streams) if (!woken || woken.has(stream.orgId)) stream.wake();
  }
}
