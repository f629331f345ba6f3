import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { ApiKeyWithSecret } from '../../domain/identity-views.js';

/** Gives a key a new secret; the old one stops working at once. Id, name and permissions stay. */
export class RotateApiKeyCommand extends Command<ApiKeyWithSecret> {
  constructor(
    readonly actor: Actor,
    readonly orgId: string,
    readonly productId: string,
    readonly keyId: string,
  ) {
    super();
  }
}
