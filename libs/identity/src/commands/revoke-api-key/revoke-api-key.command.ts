import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { ApiKeyView } from '../../domain/identity-views.js';

export interface RevokeApiKeyResult {
  apiKey: ApiKeyView;
}

/** Revokes a key of the product at once; revoking a revoked key changes nothing. */
export class RevokeApiKeyCommand extends Command<RevokeApiKeyResult> {
  constructor(
    readonly actor: Actor,
    readonly orgId: string,
    readonly productId: string,
    readonly keyId: string,
  ) {
    super();
  }
}
