import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock, isUuid } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { OWNER_ONLY } from '../../domain/identity-rules.js';
import { MEMBER_COLUMNS, type MemberRow } from '../../persistence/identity-rows.js';
import { isLastOwner, lockOwners } from '../../persistence/org-owners.js';
import { RemoveMemberCommand, type RemoveMemberResult } from './remove-member.command.js';

@CommandHandler(RemoveMemberCommand)
export class RemoveMemberHandler implements ICommandHandler<RemoveMemberCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, callerUserId, orgId, memberId }: RemoveMemberCommand): Promise<RemoveMemberResult> {
    if (!isUuid(memberId)) throw AppError.notFound('Member');
    return this.transactions.run(async (tx) => {
      // Owners first (see lockOwners), then the member itself.
      const owners = await lockOwners(tx, orgId);
      const [member] = (await tx.query(
        `SELECT ${MEMBER_COLUMNS} FROM org_members m JOIN users u ON u.id = m.user_id WHERE m.id = $1 AND m.org_id = $2 FOR UPDATE OF m`,
        [memberId, orgId],
      )) as MemberRow[];
      if (!member) throw AppError.notFound('Member');
      if (member.role === 'OWNER') {
        if (!owners.some((o) => o.user_id === callerUserId)) throw new AppError('FORBIDDEN', OWNER_ONLY);
        if (isLastOwner(owners, member)) throw AppError.conflict('The last OWNER cannot be removed; make another member OWNER first');
      }

      await tx.query(`DELETE FROM org_members WHERE id = $1`, [memberId]);
      await this.audit.append(tx, [
        {
          type: 'team.member_removed',
          orgId,
          actor,
          data: { memberId, userId: member.user_id, email: member.email, role: member.role },
          occurredAt: this.clock.now(),
        },
      ]);
      return { deleted: true };
    });
  }
}
