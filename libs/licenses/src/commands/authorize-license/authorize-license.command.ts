import { Command } from '@nestjs/cqrs';
import type { DeferredNonce } from '@geckoguard/identity';
import type { AuthorizationResult } from './authorization-result.js';

export interface AuthorizeCaller {
  apiKeyId: string;
  orgId: string;
  productId: string;
}

export interface AuthorizeRequest {
  productId: string;
  licenseKey: string;
  hwid: string | null;
  /** The address the rules use: observed (through trusted proxies) or asserted by a trusted backend. */
  ip: string;
  deviceId: string | null;
  sessionId: string | null;
  dryRun: boolean;
  /** The signed request's nonce, claimed in the decision's transaction. */
  nonce: DeferredNonce | null;
}

export class AuthorizeLicenseCommand extends Command<AuthorizationResult> {
  constructor(
    readonly caller: AuthorizeCaller,
    readonly request: AuthorizeRequest,
  ) {
    super();
  }
}
