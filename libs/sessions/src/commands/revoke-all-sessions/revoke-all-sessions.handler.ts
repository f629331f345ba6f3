import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { Clock } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { findScopedLicense } from '../../persistence/session-rows.js';
import { RevokeAllSessionsCommand } from './revoke-all-sessions.command.js';

@CommandHandler(RevokeAllSessionsCommand)
export class RevokeAllSessionsHandler implements ICommandHandler<RevokeAllSessionsCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ scope }: RevokeAllSessionsCommand): Promise<{ revoked: number }> {
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const license = await findScopedLicense(tx, scope, true);
      const [rows] = (await tx.query(
        `UPDATE sessions SET revoked_at = $2 WHERE license_id = $1 AND revoked_at IS NULL AND ended_at IS NULL RETURNING id`,
        [license.id, now],
      )) as [Array<{ id: string }>, number];
      const base = { orgId: license.orgId, productId: license.productId, licenseId: license.id, actor: scope.actor };
      await this.audit.append(
        tx,
        rows.map((r) => ({ ...base, type: 'session.revoked', data: { sessionId: r.id, all: true } })),
      );
      return { revoked: rows.length };
    });
  }
}
