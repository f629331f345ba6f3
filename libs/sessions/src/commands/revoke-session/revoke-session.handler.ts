import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import type { SessionView } from '../../domain/session-view.js';
import { findScopedLicense, SESSION_COLUMNS, type SessionRow, toSessionView } from '../../persistence/session-rows.js';
import { RevokeSessionCommand } from './revoke-session.command.js';

@CommandHandler(RevokeSessionCommand)
export class RevokeSessionHandler implements ICommandHandler<RevokeSessionCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ scope, sessionRecordId }: RevokeSessionCommand): Promise<{ session: SessionView }> {
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const license = await findScopedLicense(tx, scope, true);
      const [row] = (await tx.query(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = $1 AND license_id = $2`, [sessionRecordId, license.id])) as SessionRow[];
      if (!row) throw AppError.notFound('Session');
      // Revoking twice changes nothing and records nothing; an ended session is revoked too, so its id stays refused.
      if (row.revoked_at) return { session: toSessionView(row) };
      const [updated] = (await tx.query(`UPDATE sessions SET revoked_at = $2 WHERE id = $1 RETURNING ${SESSION_COLUMNS}`, [row.id, now])) as [SessionRow[], number];
      const session = toSessionView(updated[0]!);
      await this.audit.append(tx, [
        { type: 'session.revoked', orgId: license.orgId, productId: license.productId, licenseId: license.id, actor: scope.actor, data: { sessionId: row.id } },
      ]);
      return { session };
    });
  }
}
