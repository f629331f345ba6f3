import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock, hashLicenseKey, normalizeLicenseKey, sha256Hex } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
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
        `SELECT id, product_id FROM licenses WHERE key_hash = $1 AND org_id = $2 FOR UPDATE`,
        [hashLicenseKey(normalizeLicenseKey(request.licenseKey)), caller.orgId],
      )) as Array<{ id: string; product_id: string }>;
      if (!license || license.product_id !== request.productId || license.product_id !== caller.productId) {
        throw AppError.notFound('License');
      }
      // A revoked session stays open so that its id keeps being refused; ending it would free the id.
      const [rows] = (await tx.query(
        `UPDATE sessions SET ended_at = $3
          WHERE license_id = $1 AND session_id_hash = $2 AND ended_at IS NULL AND revoked_at IS NULL RETURNING id`,
        [license.id, sha256Hex(request.sessionId), now],
      )) as [Array<{ id: string }>, number];
      await this.audit.append(
        tx,
        rows.map((r) => ({
          type: 'session.ended',
          orgId: caller.orgId,
          productId: license.product_id,
          licenseId: license.id,
          actor: caller.actor,
          data: { sessionId: r.id },
        })),
      );
    });
  }
}
