import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock, sha256Hex } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import type { EntityManager } from 'typeorm';
import { parseBlacklistValue } from '../../domain/blacklist-value.js';
import { ENTRY_COLUMNS, type BlacklistEntryRow, toBlacklistEntryView } from '../../persistence/blacklist-entry-row.js';
import { AddBlacklistEntryCommand, type AddBlacklistEntryResult } from './add-blacklist-entry.command.js';

@CommandHandler(AddBlacklistEntryCommand)
export class AddBlacklistEntryHandler implements ICommandHandler<AddBlacklistEntryCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, orgId, productId, input }: AddBlacklistEntryCommand): Promise<AddBlacklistEntryResult> {
    const parsed = parseBlacklistValue(input.type, input.value);
    if (!parsed.ok) throw AppError.validation([{ path: 'value', message: parsed.message }]);
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const { value, network } = parsed.type === 'HWID' ? { value: parsed.value, network: null } : await canonicalRange(tx, parsed.address, parsed.prefix);
      const valueHash = sha256Hex(value);
      // One statement decides between concurrent adds of one value: the unique index turns the second into an
      // update, which only happens (and is only recorded) when the reason changes.
      const [row] = (await tx.query(
        `INSERT INTO blacklist_entries (org_id, product_id, type, value, value_hash, network, reason, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (product_id, type, value_hash) DO UPDATE SET reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at
           WHERE blacklist_entries.reason IS DISTINCT FROM EXCLUDED.reason
         RETURNING ${ENTRY_COLUMNS}, (xmax = 0) AS inserted`,
        [orgId, productId, input.type, value, valueHash, network, input.reason, now],
      )) as Array<BlacklistEntryRow & { inserted: boolean }>;
      if (!row) {
        const [same] = (await tx.query(`SELECT ${ENTRY_COLUMNS} FROM blacklist_entries WHERE product_id = $1 AND type = $2 AND value_hash = $3`, [
          productId,
          input.type,
          valueHash,
        ])) as BlacklistEntryRow[];
        return { entry: toBlacklistEntryView(same!), created: false };
      }
      const entry = toBlacklistEntryView(row);
      await this.audit.append(tx, [
        {
          type: row.inserted ? 'blacklist.entry_added' : 'blacklist.entry_updated',
          orgId,
          productId,
          actor,
          data: { entryId: entry.id, type: entry.type, value: entry.value, reason: entry.reason },
        },
      ]);
      return { entry, created: row.inserted };
    });
  }
}

/** PostgreSQL's own spelling of the range (host bits cleared); a single address is shown without its prefix. */
async function canonicalRange(tx: EntityManager, address: string, prefix: number): Promise<{ value: string; network: string }> {
  const [row] = (await tx.query(
    `SELECT c::text AS network,
            CASE WHEN masklen(c) = CASE family(c) WHEN 4 THEN 32 ELSE 128 END THEN host(c) ELSE c::text END AS value
       FROM (SELECT network(set_masklen($1::inet, $2))::cidr AS c) x`,
    [address, prefix],
  )) as Array<{ network: string; value: string }>;
  return row!;
}
