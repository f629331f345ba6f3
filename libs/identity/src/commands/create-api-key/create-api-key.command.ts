import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { ApiKeyPermission } from '../../domain/api-key-permissions.js';
import type { ApiKeyWithSecret } from '../../domain/identity-views.js';

export interface CreateApiKeyInput {
  name: string;
  permissions: ApiKeyPermission[];
  requireSignature: boolean;
}

export class CreateApiKeyCommand extends Command<ApiKeyWithSecret> {
  constructor(
    readonly actor: Actor,
    readonly orgId: string,
    readonly productId: string,
    readonly input: CreateApiKeyInput,
  ) {
    super();
  }
}
