import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock, hashLicenseKey, normalizeLicenseKey, sha256Hex } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { endOpenSession, type LockedLicense } from '../../persistence/end-open-session.js';
import { EndSessionCommand } from './end-session.command.js';

@CommandHandler(EndSessionCommand)
export class EndSessionHandler implements ICommandHandler<EndSessionCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ caller, request }: EndSessionCommand): Promise<void> {
    const now = this.clock.now();
    await this.transactions.run(async (tx) => {
      // The same lock as authorization: an end and a refresh of one session never interleave.
      const [license] = (await tx.query(
        `SELECT id, org_id, product_id FROM licenses WHERE key_hash = $1 AND org_id = $2 FOR UPDATE`,
        [hashLicenseKey(normalizeLicenseKey(request.licenseKey)), caller.orgId],
      )) as LockedLicense[];
      if (!license || license.product_id !== request.productId || license.product_id !== caller.productId) {
        throw AppError.notFound('License');
      }
      await endOpenSession(tx, this.audit, { license, sessionIdHash: sha256Hex(request.sessionId), now, actor: caller.actor });
    });
  }
}
