import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock, isUuid } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { OWNER_ONLY } from '../../domain/identity-rules.js';
import type { MemberView } from '../../domain/identity-views.js';
import { MEMBER_COLUMNS, toMemberView, type MemberRow } from '../../persistence/identity-rows.js';
import { isLastOwner, lockOwners } from '../../persistence/org-owners.js';
import { ChangeMemberRoleCommand } from './change-member-role.command.js';

@CommandHandler(ChangeMemberRoleCommand)
export class ChangeMemberRoleHandler implements ICommandHandler<ChangeMemberRoleCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, callerUserId, orgId, memberId, role }: ChangeMemberRoleCommand): Promise<MemberView> {
    if (!isUuid(memberId)) throw AppError.notFound('Member');
    return this.transactions.run(async (tx) => {
      // Owners first (see lockOwners), then the member itself.
      const owners = await lockOwners(tx, orgId);
      const [member] = (await tx.query(
        `SELECT ${MEMBER_COLUMNS} FROM org_members m JOIN users u ON u.id = m.user_id WHERE m.id = $1 AND m.org_id = $2 FOR UPDATE OF m`,
        [memberId, orgId],
      )) as MemberRow[];
      if (!member) throw AppError.notFound('Member');
      const callerIsOwner = owners.some((o) => o.user_id === callerUserId);
      if ((member.role === 'OWNER' || role === 'OWNER') && !callerIsOwner) throw new AppError('FORBIDDEN', OWNER_ONLY);
      // Nothing changes, nothing is recorded.
      if (member.role === role) return toMemberView(member);
      if (isLastOwner(owners, member)) {
        throw AppError.conflict('The last OWNER cannot be demoted; make another member OWNER first');
      }

      const now = this.clock.now();
      await tx.query(`UPDATE org_members SET role = $2, updated_at = $3 WHERE id = $1`, [memberId, role, now]);
      await this.audit.append(tx, [
        {
          type: 'team.member_updated',
          orgId,
          actor,
          data: { memberId, userId: member.user_id, email: member.email, previousRole: member.role, role },
          occurredAt: now,
        },
      ]);
      return toMemberView({ ...member, role, updated_at: now });
    });
  }
}
