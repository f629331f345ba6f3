import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock, isUuid, sha256Hex } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { newApiKey } from '../../auth/api-key-secret.js';
import type { ApiKeyWithSecret } from '../../domain/identity-views.js';
import { API_KEY_COLUMNS, toApiKeyView, type ApiKeyRow } from '../../persistence/identity-rows.js';
import { RotateApiKeyCommand } from './rotate-api-key.command.js';

@CommandHandler(RotateApiKeyCommand)
export class RotateApiKeyHandler implements ICommandHandler<RotateApiKeyCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, orgId, productId, keyId }: RotateApiKeyCommand): Promise<ApiKeyWithSecret> {
    if (!isUuid(keyId)) throw AppError.notFound('API key');
    const { key, prefix } = newApiKey();
    return this.transactions.run(async (tx) => {
      const [row] = (await tx.query(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE id = $1 AND product_id = $2 AND org_id = $3 FOR UPDATE`, [
        keyId,
        productId,
        orgId,
      ])) as ApiKeyRow[];
      if (!row) throw AppError.notFound('API key');
      if (row.revoked_at) throw AppError.conflict('A revoked API key cannot be rotated; create a new one');
      // The old hash is replaced in place: lookups by it find nothing from this commit on.
      await tx.query(`UPDATE api_keys SET key_hash = $2, prefix = $3 WHERE id = $1`, [keyId, sha256Hex(key), prefix]);
      await this.audit.append(tx, [
        {
          type: 'api_key.rotated',
          orgId,
          productId,
          actor,
          data: { apiKeyId: keyId, name: row.name, previousPrefix: row.prefix, prefix },
          occurredAt: this.clock.now(),
        },
      ]);
      return { apiKey: toApiKeyView({ ...row, prefix }), key };
    });
  }
}
