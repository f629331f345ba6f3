import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog, type NewAuditEvent } from '@geckoguard/audit';
import { AppError, Clock, type ErrorDetail, sha256Hex } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import type { EntityManager } from 'typeorm';
import { parseBlacklistValue, type ParsedBlacklistValue } from '../../domain/blacklist-value.js';
import { ENTRY_COLUMNS, type BlacklistEntryRow, toBlacklistEntryView } from '../../persistence/blacklist-entry-row.js';
import { AddBlacklistEntriesCommand, type AddedBlacklistEntry } from './add-blacklist-entries.command.js';

@CommandHandler(AddBlacklistEntriesCommand)
export class AddBlacklistEntriesHandler implements ICommandHandler<AddBlacklistEntriesCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, orgId, productId, inputs, field }: AddBlacklistEntriesCommand): Promise<AddedBlacklistEntry[]> {
    const problems: ErrorDetail[] = [];
    const parsed = inputs.map((input, i) => {
      const value = parseBlacklistValue(input.type, input.value);
      if (!value.ok) problems.push({ path: field === 'single' ? 'value' : `entries.${i}.value`, message: value.message });
      return value;
    });
    if (problems.length > 0) throw AppError.validation(problems);

    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const added: AddedBlacklistEntry[] = [];
      const events: NewAuditEvent[] = [];
      for (const [i, input] of inputs.entries()) {
        // The hash is of the canonical value, so one address or range is one entry however it is spelled; the entry
        // keeps the value as it was first entered, for display (API.md §8).
        const { value, network } = await canonical(tx, parsed[i] as Extract<ParsedBlacklistValue, { ok: true }>);
        const valueHash = sha256Hex(value);
        // One statement decides between concurrent adds of one value: the unique index turns the second into an
        // update, which only happens (and is only recorded) when the reason changes.
        const [row] = (await tx.query(
          `INSERT INTO blacklist_entries (org_id, product_id, type, value, value_hash, network, reason, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
           ON CONFLICT (product_id, type, value_hash) DO UPDATE SET reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at
             WHERE blacklist_entries.reason IS DISTINCT FROM EXCLUDED.reason
           RETURNING ${ENTRY_COLUMNS}, (xmax = 0) AS inserted`,
          [orgId, productId, input.type, input.value, valueHash, network, input.reason, now],
        )) as Array<BlacklistEntryRow & { inserted: boolean }>;
        if (!row) {
          const [same] = (await tx.query(`SELECT ${ENTRY_COLUMNS} FROM blacklist_entries WHERE product_id = $1 AND type = $2 AND value_hash = $3`, [
            productId,
            input.type,
            valueHash,
          ])) as BlacklistEntryRow[];
          added.push({ entry: toBlacklistEntryView(same!), created: false });
          continue;
        }
        const entry = toBlacklistEntryView(row);
        added.push({ entry, created: row.inserted });
        events.push({
          type: row.inserted ? 'blacklist.entry_added' : 'blacklist.entry_updated',
          orgId,
          productId,
          actor,
          data: { entryId: entry.id, type: entry.type, value: entry.value, reason: entry.reason },
        });
      }
      await this.audit.append(tx, events);
      return added;
    });
  }
}

/** HWIDs as given; IP ranges in PostgreSQL's own spelling (host bits cleared), a single address without its prefix. */
async function canonical(tx: EntityManager, parsed: Extract<ParsedBlacklistValue, { ok: true }>): Promise<{ value: string; network: string | null }> {
  if (parsed.type === 'HWID') return { value: parsed.value, network: null };
  const [row] = (await tx.query(
    `SELECT c::text AS network,
            CASE WHEN masklen(c) = CASE family(c) WHEN 4 THEN 32 ELSE 128 END THEN host(c) ELSE c::text END AS value
       FROM (SELECT network(set_masklen($1::inet, $2))::cidr AS c) x`,
    [parsed.address, parsed.prefix],
  )) as Array<{ network: string; value: string }>;
  return row!;
}
