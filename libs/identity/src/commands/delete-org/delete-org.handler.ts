import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { DeleteOrgCommand, type DeleteOrgResult } from './delete-org.command.js';

/**
 * The schema has no foreign keys to cascade along, and an org's products carry licenses, bindings,
 * sessions and their history: deleting all that implicitly would be a trap. So an org that still has
 * products is refused (409); an empty one goes with its memberships and any stray API keys. Its audit
 * events stay (the log is append-only), closed by `org.deleted`.
 */
@CommandHandler(DeleteOrgCommand)
export class DeleteOrgHandler implements ICommandHandler<DeleteOrgCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, orgId }: DeleteOrgCommand): Promise<DeleteOrgResult> {
    return this.transactions.run(async (tx) => {
      const [org] = (await tx.query(`SELECT id, name FROM orgs WHERE id = $1 FOR UPDATE`, [orgId])) as Array<{ id: string; name: string }>;
      if (!org) throw AppError.notFound('Organization');
      const products = (await tx.query(`SELECT 1 FROM products WHERE org_id = $1 LIMIT 1`, [orgId])) as unknown[];
      if (products.length > 0) throw AppError.conflict('The organization still has products; delete them first');

      await tx.query(`DELETE FROM request_nonces WHERE api_key_id IN (SELECT id FROM api_keys WHERE org_id = $1)`, [orgId]);
      await tx.query(`DELETE FROM api_keys WHERE org_id = $1`, [orgId]);
      const members = await tx.createQueryBuilder().delete().from('org_members').where('org_id = :orgId', { orgId }).execute();
      await tx.query(`DELETE FROM orgs WHERE id = $1`, [orgId]);
      await this.audit.append(tx, [
        { type: 'org.deleted', orgId, actor, data: { name: org.name, membersRemoved: members.affected ?? 0 }, occurredAt: this.clock.now() },
      ]);
      return { deleted: true };
    });
  }
}
