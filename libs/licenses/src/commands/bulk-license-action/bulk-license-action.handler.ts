import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog, type NewAuditEvent } from '@geckoguard/audit';
import { Clock } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { lifecycleTransition, type LifecycleState } from '../../domain/license-lifecycle.js';
import { LicenseRepository } from '../../persistence/license.repository.js';
import { BulkLicenseActionCommand, type BulkLicenseActionResult, type BulkLicenseItemResult } from './bulk-license-action.command.js';

const NOT_FOUND = { code: 'NOT_FOUND', message: 'License not found' };

/**
 * One transaction for the whole batch: every license's change and its event commit together or not at all.
 * Ids of other organizations (or of no license) are reported as NOT_FOUND without revealing which; a
 * repeated id is reported once.
 */
@CommandHandler(BulkLicenseActionCommand)
export class BulkLicenseActionHandler implements ICommandHandler<BulkLicenseActionCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly licenses: LicenseRepository,
  ) {}

  async execute({ actor, orgId, action, licenseIds, reason }: BulkLicenseActionCommand): Promise<BulkLicenseActionResult> {
    const ids = [...new Set(licenseIds.map((id) => id.toLowerCase()))];
    return this.transactions.run(async (tx) => {
      const rows = new Map((await this.licenses.lockManyInScope(tx, { orgId }, ids)).map((l) => [l.id, l]));
      const now = this.clock.now();
      const results: BulkLicenseItemResult[] = [];
      const changed: Array<{ id: string; state: LifecycleState }> = [];
      const events: NewAuditEvent[] = [];
      for (const id of ids) {
        const license = rows.get(id);
        if (!license) {
          results.push({ id, ok: false, error: NOT_FOUND });
          continue;
        }
        results.push({ id, ok: true });
        const transition = lifecycleTransition(license, action, now, reason);
        if (!transition) continue;
        changed.push({ id, state: transition.state });
        events.push({
          type: transition.event.type,
          orgId,
          productId: license.productId,
          licenseId: license.id,
          actor,
          data: { ...transition.event.data, bulk: true },
        });
      }
      if (changed.length > 0) {
        // One statement for the batch: each row gets the state the lifecycle rules computed for it.
        await tx.query(
          `UPDATE licenses AS l
              SET revoked_at = v.revoked_at, revoke_reason = v.revoke_reason, frozen_at = v.frozen_at, frozen_ms = v.frozen_ms, updated_at = $1
             FROM unnest($2::uuid[], $3::timestamptz[], $4::varchar[], $5::timestamptz[], $6::bigint[])
               AS v(id, revoked_at, revoke_reason, frozen_at, frozen_ms)
            WHERE l.id = v.id`,
          [
            now,
            changed.map((c) => c.id),
            changed.map((c) => c.state.revokedAt),
            changed.map((c) => c.state.revokeReason),
            changed.map((c) => c.state.frozenAt),
            changed.map((c) => c.state.frozenMs),
          ],
        );
        await this.audit.append(tx, events);
      }
      return { updated: changed.length, results };
    });
  }
}
