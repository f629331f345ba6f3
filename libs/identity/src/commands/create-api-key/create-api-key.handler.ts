import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock, sha256Hex } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { newApiKey } from '../../auth/api-key-secret.js';
import type { ApiKeyWithSecret } from '../../domain/identity-views.js';
import { API_KEY_COLUMNS, toApiKeyView, type ApiKeyRow } from '../../persistence/identity-rows.js';
import { CreateApiKeyCommand } from './create-api-key.command.js';

@CommandHandler(CreateApiKeyCommand)
export class CreateApiKeyHandler implements ICommandHandler<CreateApiKeyCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, orgId, productId, input }: CreateApiKeyCommand): Promise<ApiKeyWithSecret> {
    const permissions = [...new Set(input.permissions)];
    const { key, prefix } = newApiKey();
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      // FOR SHARE: a product DELETE in flight (FOR UPDATE) finishes first, so no key outlives its product.
      const product = (await tx.query(`SELECT id FROM products WHERE id = $1 AND org_id = $2 FOR SHARE`, [productId, orgId])) as unknown[];
      if (product.length === 0) throw AppError.notFound('Product');
      const [row] = (await tx.query(
        `INSERT INTO api_keys (org_id, product_id, name, prefix, key_hash, permissions, require_signature, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${API_KEY_COLUMNS}`,
        [orgId, productId, input.name, prefix, sha256Hex(key), permissions, input.requireSignature, now],
      )) as ApiKeyRow[];
      const apiKey = toApiKeyView(row!);
      await this.audit.append(tx, [
        {
          type: 'api_key.created',
          orgId,
          productId,
          actor,
          data: { apiKeyId: apiKey.id, name: apiKey.name, prefix, permissions, requireSignature: apiKey.requireSignature },
          occurredAt: now,
        },
      ]);
      return { apiKey, key };
    });
  }
}
