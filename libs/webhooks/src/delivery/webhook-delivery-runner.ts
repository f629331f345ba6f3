import { Injectable } from '@nestjs/common';
import { AuditLog, SYSTEM_ACTOR } from '@geckoguard/audit';
import { TransactionRunner } from '@geckoguard/database';
import { DataSource, type EntityManager } from 'typeorm';
import { CLAIM_MS, DISABLE_AFTER_FAILURES, retryDelayMs } from '../domain/retry-schedule.js';
import { signatureHeader } from '../domain/webhook-signature.js';
import { WebhookSender, type WebhookOutcome } from './webhook-sender.js';

interface Claimed {
  id: string;
  endpoint_id: string;
  event: string;
  body: string;
  attempt: number;
  url: string;
  secret: string;
}

export interface AttemptTally {
  attempted: number;
  delivered: number;
  failed: number;
}

const CONCURRENCY = 8;

/**
 * Sends due deliveries. A delivery is claimed in its own short statement (FOR UPDATE SKIP LOCKED, then
 * `attempt + 1` and `next_attempt_at` pushed a minute ahead), so no transaction stays open while a receiver
 * answers, and other processes skip it meanwhile. The result is recorded only if the claim is still this
 * sender's (`attempt` unchanged, still pending). Should the process die mid-attempt, the claim lapses and
 * another sender retries it: the only way one event reaches an endpoint twice is after such a failure.
 */
/**
 * Recording an outcome touches the delivery and then its endpoint. Deleting an endpoint locks it and then deletes
 * its deliveries: in the opposite order, the two deadlocked. The endpoint is therefore locked first here too (NO KEY
 * UPDATE: the fanout's FOR UPDATE SKIP LOCKED passes it by meanwhile, as it does while the endpoint is deleted).
 */
async function lockEndpoint(tx: EntityManager, endpointId: string): Promise<void> {
  await tx.query(`SELECT 1 FROM webhook_endpoints WHERE id = $1 FOR NO KEY UPDATE`, [endpointId]);
}

@Injectable()
export class WebhookDeliveryRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly sender: WebhookSender,
  ) {}

  /** Claims up to `limit` due deliveries and attempts them. */
  async runDue(now: Date, limit: number): Promise<AttemptTally> {
    const claimed = (await this.dataSource.query(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1
            AND EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.id = d.endpoint_id AND w.enabled)
          ORDER BY d.next_attempt_at, d.id
          LIMIT $2
          FOR UPDATE OF d SKIP LOCKED)
       UPDATE webhook_deliveries d
          SET attempt = d.attempt + 1, next_attempt_at = $3, last_attempt_at = $1
         FROM due, webhook_endpoints w
        WHERE d.id = due.id AND w.id = d.endpoint_id
       RETURNING d.id, d.endpoint_id, d.event, d.body, d.attempt, w.url, w.secret`,
      [now, limit, new Date(now.getTime() + CLAIM_MS)],
    )) as [Claimed[], number] | Claimed[];
    // An UPDATE ... RETURNING comes back from TypeORM as [rows, affected].
    const rows = (Array.isArray(claimed[0]) ? claimed[0] : claimed) as Claimed[];
    const tally: AttemptTally = { attempted: 0, delivered: 0, failed: 0 };
    const queue = [...rows];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const outcome = await this.attempt(next, now);
        tally.attempted++;
        if (outcome.ok) tally.delivered++;
        else tally.failed++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, worker));
    return tally;
  }

  private async attempt(delivery: Claimed, now: Date): Promise<WebhookOutcome> {
    const outcome = await this.sender.send({
      url: delivery.url,
      event: delivery.event,
      deliveryId: delivery.id,
      signature: signatureHeader(delivery.secret, Math.floor(now.getTime() / 1000), delivery.body),
      body: delivery.body,
    });
    if (outcome.interrupted) await this.release(delivery, now);
    else if (outcome.ok) await this.recordSuccess(delivery, outcome);
    else await this.recordFailure(delivery, outcome, now);
    return outcome;
  }

  /** Shutdown cut the attempt short: not the receiver's failure, so it is due again at once and not counted. */
  private async release(delivery: Claimed, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET attempt = attempt - 1, next_attempt_at = $3 WHERE id = $1 AND attempt = $2 AND status = 'pending'`,
      [delivery.id, delivery.attempt, now],
    );
  }

  private async recordSuccess(delivery: Claimed, outcome: WebhookOutcome): Promise<void> {
    await this.transactions.run(async (tx) => {
      await lockEndpoint(tx, delivery.endpoint_id);
      await tx.query(
        `WITH d AS (
           UPDATE webhook_deliveries SET status = 'delivered', response_status = $3, error = NULL, next_attempt_at = NULL
            WHERE id = $1 AND attempt = $2 AND status = 'pending'
           RETURNING endpoint_id)
         UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id IN (SELECT endpoint_id FROM d) AND consecutive_failures <> 0`,
        [delivery.id, delivery.attempt, outcome.responseStatus],
      );
    });
  }

  private async recordFailure(delivery: Claimed, outcome: WebhookOutcome, now: Date): Promise<void> {
    const delay = retryDelayMs(delivery.attempt);
    await this.transactions.run(async (tx) => {
      await lockEndpoint(tx, delivery.endpoint_id);
      const [updated] = (await tx.query(
        `UPDATE webhook_deliveries
            SET status = $5, response_status = $3, error = $4, next_attempt_at = $6
          WHERE id = $1 AND attempt = $2 AND status = 'pending'
         RETURNING endpoint_id`,
        [delivery.id, delivery.attempt, outcome.responseStatus, outcome.error, delay === null ? 'failed' : 'pending', delay === null ? null : new Date(now.getTime() + delay)],
      )) as [Array<{ endpoint_id: string }>, number];
      if (updated.length === 0) return;
      const [endpoints] = (await tx.query(
        `UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1 WHERE id = $1
         RETURNING id, org_id, product_id, url, enabled, consecutive_failures`,
        [delivery.endpoint_id],
      )) as [Array<{ id: string; org_id: string; product_id: string; url: string; enabled: boolean; consecutive_failures: number }>, number];
      const endpoint = endpoints[0];
      if (!endpoint || !endpoint.enabled || endpoint.consecutive_failures < DISABLE_AFTER_FAILURES) return;
      // The row is locked by the update above: exactly one failure gets to disable it.
      await tx.query(`UPDATE webhook_endpoints SET enabled = false, disabled_at = $2, updated_at = $2 WHERE id = $1`, [endpoint.id, now]);
      await this.audit.append(tx, [
        {
          type: 'webhook.disabled',
          orgId: endpoint.org_id,
          productId: endpoint.product_id,
          actor: SYSTEM_ACTOR,
          data: { endpointId: endpoint.id, url: endpoint.url, consecutiveFailures: endpoint.consecutive_failures },
          occurredAt: now,
        },
      ]);
    });
  }
}
