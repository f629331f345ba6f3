import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import type { OrgView } from '../../domain/identity-views.js';
import { toOrgView, type OrgRow } from '../../persistence/identity-rows.js';
import { CreateOrgCommand } from './create-org.command.js';

@CommandHandler(CreateOrgCommand)
export class CreateOrgHandler implements ICommandHandler<CreateOrgCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, name }: CreateOrgCommand): Promise<OrgView> {
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      // A token whose user no longer exists (or never did) authenticates nobody.
      const [user] = (await tx.query(`SELECT email FROM users WHERE id = $1 FOR SHARE`, [userId])) as Array<{ email: string }>;
      if (!user) throw new AppError('UNAUTHORIZED', 'A valid access token is required');
      const [org] = (await tx.query(`INSERT INTO orgs (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id, name, created_at, updated_at`, [
        name,
        now,
      ])) as Array<Omit<OrgRow, 'role'>>;
      const [member] = (await tx.query(
        `INSERT INTO org_members (org_id, user_id, role, created_at, updated_at) VALUES ($1, $2, 'OWNER', $3, $3) RETURNING id`,
        [org!.id, userId, now],
      )) as Array<{ id: string }>;
      const actor = { type: 'user' as const, id: userId };
      await this.audit.append(tx, [
        { type: 'org.created', orgId: org!.id, actor, data: { name }, occurredAt: now },
        { type: 'team.member_added', orgId: org!.id, actor, data: { memberId: member!.id, userId, email: user.email, role: 'OWNER' }, occurredAt: now },
      ]);
      return toOrgView({ ...org!, role: 'OWNER' });
    });
  }
}
