import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog, SYSTEM_ACTOR } from '@geckoguard/audit';
import { Clock } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { resolveEffectivePolicy } from '@geckoguard/policies';
import { DataSource } from 'typeorm';
import { misuseVerdict } from '../../domain/misuse-window.js';
import { LockMisusedLicensesCommand } from './lock-misused-licenses.command.js';

const HOUR_MS = 3_600_000;

/** One misuse setting of the effective policy in SQL: the override's key wins over the product default's, as in the policy merge. */
const misuseSetting = (key: string) => `coalesce(l.policy_override #>> '{limits,misuse,${key}}', p.default_license_policy #>> '{limits,misuse,${key}}')`;
const misuseInt = (key: string) => `CASE WHEN ${misuseSetting(key)} ~ '^[0-9]{1,9}$' THEN (${misuseSetting(key)})::int END`;

/** Distinct HWID bindings (revoked ones too: a reset does not erase what was seen) last seen at or after `$start`. */
const DISTINCT_CONTEXTS = (license: string, start: string) =>
  `(SELECT count(DISTINCT b.value_hash)::int FROM bindings b WHERE b.license_id = ${license} AND b.type = 'HWID' AND b.last_seen_at >= ${start})`;

interface CandidateRow {
  id: string;
}

interface LockedLicenseRow {
  id: string;
  org_id: string;
  product_id: string;
  locked_at: Date | null;
  revoked_at: Date | null;
  misuse_window_start: Date | null;
  policy_override: Record<string, unknown> | null;
  default_license_policy: Record<string, unknown>;
}

/**
 * The misuse-detection job. A context counts when its HWID binding was last seen within the window, which
 * starts `windowHours` ago or at the last unlock, whichever is later (so an unlock starts a fresh window and
 * contexts seen before it no longer count). `lastSeenAt` may lag by up to 60 s (API.md §5), so may the count.
 *
 * One cheap query finds candidates in SQL; each is then re-checked and locked in its own transaction under
 * the license's row lock with the policy resolved by the policies lib. Exactly once, also with several
 * processes scanning at the same moment: the second waits for the first's row lock, then finds the license
 * locked and leaves it, so `license.locked` is written once.
 */
@CommandHandler(LockMisusedLicensesCommand)
export class LockMisusedLicensesHandler implements ICommandHandler<LockMisusedLicensesCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ batchSize }: LockMisusedLicensesCommand): Promise<{ locked: number }> {
    let locked = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const now = this.clock.now();
      const candidates = (await this.dataSource.query(
        `SELECT c.id FROM (
           SELECT l.id, l.misuse_window_start, ${misuseSetting('mode')} AS mode,
                  ${misuseInt('maxDistinctContexts')} AS max_contexts, ${misuseInt('windowHours')} AS window_hours
             FROM licenses l JOIN products p ON p.id = l.product_id
            WHERE l.locked_at IS NULL AND l.revoked_at IS NULL AND l.id > $2
         ) c
         WHERE c.mode = 'lock' AND c.max_contexts IS NOT NULL AND c.window_hours IS NOT NULL
           AND ${DISTINCT_CONTEXTS('c.id', `greatest($1::timestamptz - make_interval(hours => c.window_hours), coalesce(c.misuse_window_start, '-infinity'))`)} > c.max_contexts
         ORDER BY c.id
         LIMIT $3`,
        [now, after, batchSize],
      )) as CandidateRow[];
      for (const { id } of candidates) if (await this.lockIfMisused(id)) locked += 1;
      if (candidates.length < batchSize) return { locked };
      after = candidates[candidates.length - 1]!.id;
    }
  }

  private async lockIfMisused(licenseId: string): Promise<boolean> {
    return this.transactions.run(async (tx) => {
      const [license] = (await tx.query(
        `SELECT l.id, l.org_id, l.product_id, l.locked_at, l.revoked_at, l.misuse_window_start, l.policy_override, p.default_license_policy
           FROM licenses l JOIN products p ON p.id = l.product_id WHERE l.id = $1 FOR UPDATE OF l`,
        [licenseId],
      )) as LockedLicenseRow[];
      if (!license || license.locked_at || license.revoked_at) return false;
      const misuse = resolveEffectivePolicy(license.default_license_policy, license.policy_override).effective?.limits.misuse;
      if (!misuse || misuse.mode !== 'lock' || !misuse.maxDistinctContexts || !misuse.windowHours) return false;

      const now = this.clock.now();
      const windowStart = new Date(Math.max(now.getTime() - misuse.windowHours * HOUR_MS, license.misuse_window_start?.getTime() ?? -Infinity));
      const [{ count }] = (await tx.query(`SELECT ${DISTINCT_CONTEXTS('$1', '$2')} AS count`, [license.id, windowStart])) as [{ count: number }];
      const verdict = misuseVerdict(count, misuse.maxDistinctContexts, misuse.windowHours);
      if (!verdict) return false;

      await tx.query(`UPDATE licenses SET locked_at = $2, lock_reason = $3, updated_at = $2 WHERE id = $1`, [license.id, now, verdict.lockReason]);
      await this.audit.append(tx, [
        {
          type: 'license.locked',
          orgId: license.org_id,
          productId: license.product_id,
          licenseId: license.id,
          actor: SYSTEM_ACTOR,
          data: { ...verdict, windowStart: windowStart.toISOString() },
        },
      ]);
      return true;
    });
  }
}
