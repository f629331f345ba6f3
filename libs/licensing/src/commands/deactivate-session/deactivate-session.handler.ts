import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { Clock, hashLicenseKey, normalizeLicenseKey } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { endOpenSession, type LockedLicense } from '@geckoguard/sessions';
import { LICENSING_ACTOR, LICENSING_EVENT_DATA, seatSessionIdHash } from '../../domain/licensing-seat.js';
import { DeactivateSessionCommand } from './deactivate-session.command.js';

/**
 * Ends the open seat of this authContext, like POST /v1/licenses/sessions/end does for a session id: under
 * the license's row lock (a deactivate and an activate or extend of one seat never interleave), one
 * `session.ended` per seat ended. Nothing to end (unknown token, no seat, already ended) is not an error.
 * A revoked seat holds no seat and is left as it is; the next activate replaces it.
 */
@CommandHandler(DeactivateSessionCommand)
export class DeactivateSessionHandler implements ICommandHandler<DeactivateSessionCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ licenseToken, authContext }: DeactivateSessionCommand): Promise<{ ended: number }> {
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const [license] = (await tx.query(`SELECT id, org_id, product_id FROM licenses WHERE key_hash = $1 FOR UPDATE`, [
        hashLicenseKey(normalizeLicenseKey(licenseToken)),
      ])) as LockedLicense[];
      if (!license) return { ended: 0 };
      const ended = await endOpenSession(tx, this.audit, {
        license,
        sessionIdHash: seatSessionIdHash(authContext),
        now,
        actor: LICENSING_ACTOR,
        eventData: { ...LICENSING_EVENT_DATA, action: 'deactivate' },
      });
      return { ended };
    });
  }
}
