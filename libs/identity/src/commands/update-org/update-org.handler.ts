import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import type { OrgView } from '../../domain/identity-views.js';
import { toOrgView, type OrgRow } from '../../persistence/identity-rows.js';
import { UpdateOrgCommand } from './update-org.command.js';

@CommandHandler(UpdateOrgCommand)
export class UpdateOrgHandler implements ICommandHandler<UpdateOrgCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, orgId, callerRole, input }: UpdateOrgCommand): Promise<OrgView> {
    return this.transactions.run(async (tx) => {
      const [org] = (await tx.query(`SELECT id, name, created_at, updated_at FROM orgs WHERE id = $1 FOR UPDATE`, [orgId])) as Array<Omit<OrgRow, 'role'>>;
      if (!org) throw AppError.notFound('Organization');
      // Nothing changes, nothing is recorded.
      if (input.name === undefined || input.name === org.name) return toOrgView({ ...org, role: callerRole });
      const now = this.clock.now();
      await tx.query(`UPDATE orgs SET name = $2, updated_at = $3 WHERE id = $1`, [orgId, input.name, now]);
      await this.audit.append(tx, [{ type: 'org.updated', orgId, actor, data: { changedFields: ['name'], name: input.name }, occurredAt: now }]);
      return toOrgView({ ...org, name: input.name, updated_at: now, role: callerRole });
    });
  }
}
