import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import type { BlacklistEntryRow } from '../../persistence/blacklist-entry-row.js';
import { RemoveBlacklistEntryCommand } from './remove-blacklist-entry.command.js';

@CommandHandler(RemoveBlacklistEntryCommand)
export class RemoveBlacklistEntryHandler implements ICommandHandler<RemoveBlacklistEntryCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, orgId, productId, entryId }: RemoveBlacklistEntryCommand): Promise<{ deleted: true }> {
    return this.transactions.run(async (tx) => {
      const [rows] = (await tx.query(`DELETE FROM blacklist_entries WHERE id = $1 AND product_id = $2 AND org_id = $3 RETURNING id, type, value`, [
        entryId,
        productId,
        orgId,
      ])) as [Array<Pick<BlacklistEntryRow, 'id' | 'type' | 'value'>>, number];
      const row = rows[0];
      if (!row) throw AppError.notFound('Blacklist entry');
      await this.audit.append(tx, [
        { type: 'blacklist.entry_removed', orgId, productId, actor, data: { entryId: row.id, type: row.type, value: row.value } },
      ]);
      return { deleted: true };
    });
  }
}
