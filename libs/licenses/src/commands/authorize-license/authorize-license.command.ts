import { Command } from '@nestjs/cqrs';
import type { NormalizedIp } from '@geckoguard/bindings';
import type { BatchedApiKey } from '@geckoguard/identity';
import type { AuthorizationResult } from './authorization-result.js';

export interface AuthorizeRequest {
  /** The signed request's API key, permission and nonce, checked in the decision's first round trip. */
  apiKey: BatchedApiKey;
  productId: string;
  licenseKey: string;
  hwid: string | null;
  /** The caller's address (through TRUST_PROXY hops). */
  observedIp: string;
  /** The body's ip: the one the rules use when the key has license:assert-ip. */
  assertedIp: NormalizedIp | null;
  deviceId: string | null;
  sessionId: string | null;
  dryRun: boolean;
}

export class AuthorizeLicenseCommand extends Command<AuthorizationResult> {
  constructor(readonly request: AuthorizeRequest) {
    super();
  }
}
