import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock, isUuid } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { API_KEY_COLUMNS, toApiKeyView, type ApiKeyRow } from '../../persistence/identity-rows.js';
import { RevokeApiKeyCommand, type RevokeApiKeyResult } from './revoke-api-key.command.js';

@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, orgId, productId, keyId }: RevokeApiKeyCommand): Promise<RevokeApiKeyResult> {
    if (!isUuid(keyId)) throw AppError.notFound('API key');
    return this.transactions.run(async (tx) => {
      const [row] = (await tx.query(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE id = $1 AND product_id = $2 AND org_id = $3 FOR UPDATE`, [
        keyId,
        productId,
        orgId,
      ])) as ApiKeyRow[];
      if (!row) throw AppError.notFound('API key');
      // Nothing changes, nothing is recorded.
      if (row.revoked_at) return { apiKey: toApiKeyView(row) };
      const now = this.clock.now();
      await tx.query(`UPDATE api_keys SET revoked_at = $2 WHERE id = $1`, [keyId, now]);
      await this.audit.append(tx, [
        { type: 'api_key.revoked', orgId, productId, actor, data: { apiKeyId: keyId, name: row.name, prefix: row.prefix }, occurredAt: now },
      ]);
      return { apiKey: toApiKeyView({ ...row, revoked_at: now }) };
    });
  }
}
