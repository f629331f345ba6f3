import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock } from '@geckoguard/core';
import { isUniqueViolation, TransactionRunner } from '@geckoguard/database';
import { normalizeEmail, OWNER_ONLY } from '../../domain/identity-rules.js';
import type { MemberView } from '../../domain/identity-views.js';
import { toMemberView, type MemberRow } from '../../persistence/identity-rows.js';
import { lockOwners } from '../../persistence/org-owners.js';
import { AddMemberCommand } from './add-member.command.js';

const ALREADY_MEMBER = 'This user is already a member of the organization';

@CommandHandler(AddMemberCommand)
export class AddMemberHandler implements ICommandHandler<AddMemberCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, callerUserId, orgId, email, role }: AddMemberCommand): Promise<MemberView> {
    const normalized = normalizeEmail(email);
    try {
      return await this.transactions.run(async (tx) => {
        if (role === 'OWNER') {
          // Read under the owners' lock: a caller demoted a moment ago cannot still grant OWNER.
          const owners = await lockOwners(tx, orgId);
          if (!owners.some((o) => o.user_id === callerUserId)) throw new AppError('FORBIDDEN', OWNER_ONLY);
        }
        const [user] = (await tx.query(`SELECT id, email, name FROM users WHERE email = $1`, [normalized])) as Array<{
          id: string;
          email: string;
          name: string | null;
        }>;
        if (!user) throw AppError.notFound('User');
        const existing = (await tx.query(`SELECT 1 FROM org_members WHERE org_id = $1 AND user_id = $2`, [orgId, user.id])) as unknown[];
        if (existing.length > 0) throw AppError.conflict(ALREADY_MEMBER);

        const now = this.clock.now();
        const [member] = (await tx.query(
          `INSERT INTO org_members (org_id, user_id, role, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id, created_at, updated_at`,
          [orgId, user.id, role, now],
        )) as Array<Pick<MemberRow, 'id' | 'created_at' | 'updated_at'>>;
        await this.audit.append(tx, [
          { type: 'team.member_added', orgId, actor, data: { memberId: member!.id, userId: user.id, email: user.email, role }, occurredAt: now },
        ]);
        return toMemberView({ ...member!, user_id: user.id, email: user.email, name: user.name, role });
      });
    } catch (error) {
      // The same user added twice at once: the unique (org, user) index decides.
      if (isUniqueViolation(error)) throw AppError.conflict(ALREADY_MEMBER);
      throw error;
    }
  }
}
