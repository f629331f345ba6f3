import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { findScopedLicense } from '@geckoguard/sessions';
import { checkResetBudget, nextResetAt, resetsRemaining, type ResetHistory } from '../../domain/reset-budget.js';
import { ResetBindingsCommand, type ResetBindingsResult } from './reset-bindings.command.js';

@CommandHandler(ResetBindingsCommand)
export class ResetBindingsHandler implements ICommandHandler<ResetBindingsCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ scope, type, force }: ResetBindingsCommand): Promise<ResetBindingsResult> {
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      // The license row lock serializes resets of one license (and authorizations), so the budget read
      // below cannot be spent twice by concurrent resets.
      const license = await findScopedLicense(tx, scope, true);
      if (!license.policy) throw new AppError('INVALID_POLICY', "The license's effective policy is not valid");
      const budget = license.policy.limits.resetBudget[type === 'HWID' ? 'hwid' : 'ip'];
      const [spent] = (await tx.query(
        `SELECT count(*)::int AS used, max(created_at) AS last FROM license_resets WHERE license_id = $1 AND type = $2 AND NOT forced`,
        [license.id, type],
      )) as Array<{ used: number; last: Date | null }>;
      const before: ResetHistory = { used: spent?.used ?? 0, lastResetAt: spent?.last ?? null };
      if (!force) {
        const check = checkResetBudget(budget, before, now);
        if (!check.allow) {
          throw new AppError(check.code, check.message, undefined, check.code === 'RESET_COOLDOWN' ? { retryAfter: check.retryAfterSeconds } : undefined);
        }
      }
      const [, revoked] = (await tx.query(`UPDATE bindings SET revoked_at = $3 WHERE license_id = $1 AND type = $2 AND revoked_at IS NULL`, [
        license.id,
        type,
        now,
      ])) as [unknown, number];
      await tx.query(`INSERT INTO license_resets (license_id, type, forced, revoked, created_at) VALUES ($1, $2, $3, $4, $5)`, [license.id, type, force, revoked, now]);
      const after: ResetHistory = force ? before : { used: before.used + 1, lastResetAt: now };
      const result: ResetBindingsResult = {
        revoked,
        resetsUsed: after.used,
        resetsRemaining: resetsRemaining(budget, after),
        nextResetAt: resetsRemaining(budget, after) === 0 ? null : (nextResetAt(budget, after)?.toISOString() ?? null),
      };
      await this.audit.append(tx, [
        {
          type: type === 'HWID' ? 'license.hwid_reset' : 'license.ip_reset',
          orgId: license.orgId,
          productId: license.productId,
          licenseId: license.id,
          actor: scope.actor,
          data: { revoked, forced: force, resetsUsed: result.resetsUsed, resetsRemaining: result.resetsRemaining },
        },
      ]);
      return result;
    });
  }
}
