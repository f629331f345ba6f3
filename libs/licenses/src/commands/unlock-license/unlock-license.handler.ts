import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { Clock } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { lifecycleTransition } from '../../domain/license-lifecycle.js';
import type { LicenseView } from '../../domain/license-view.js';
import { LicenseOrmEntity } from '../../persistence/license.orm-entity.js';
import { LicenseRepository } from '../../persistence/license.repository.js';
import { toLicenseView } from '../../persistence/license-row.js';
import { UnlockLicenseCommand } from './unlock-license.command.js';

/** Idempotent: when the license is already in the target state it is returned as is and nothing is recorded. */
@CommandHandler(UnlockLicenseCommand)
export class UnlockLicenseHandler implements ICommandHandler<UnlockLicenseCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly licenses: LicenseRepository,
  ) {}

  async execute({ actor, scope, licenseId }: UnlockLicenseCommand): Promise<LicenseView> {
    return this.transactions.run(async (tx) => {
      const license = await this.licenses.lockInScope(tx, scope, licenseId);
      const now = this.clock.now();
      const transition = lifecycleTransition(license, 'unlock', now);
      if (!transition) return toLicenseView(license, now);
      // Contexts seen before the unlock no longer count towards misuse detection.
      const changes = { ...transition.state, misuseWindowStart: now, updatedAt: now };
      await tx.update(LicenseOrmEntity, { id: license.id }, changes as QueryDeepPartialEntity<LicenseOrmEntity>);
      await this.audit.append(tx, [
        { type: transition.event.type, orgId: license.orgId, productId: license.productId, licenseId: license.id, actor, data: transition.event.data },
      ]);
      return toLicenseView({ ...license, ...changes }, now);
    });
  }
}
