import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Clock, sha256Hex } from '@geckoguard/core';
import { RawSession } from '@geckoguard/database';
import { Strategy } from 'passport-custom';
import type { ApiKeyPrincipal, GuardedRequest } from './principal.js';
import { lookUpApiKey, presentedApiKey, toApiKeyPrincipal } from './api-key-in-handler.js';
import { checkSignature } from './request-signature.js';

/** `X-Api-Key: gg_...`, looked up by its SHA-256; revoked or unknown keys authenticate nobody. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, 'api-key') {
  constructor(
    private readonly raw: RawSession,
    private readonly clock: Clock,
  ) {
    super();
  }

  async validate(req: GuardedRequest): Promise<ApiKeyPrincipal | false> {
    const raw = presentedApiKey(req);
    if (!raw) return false;
    const now = this.clock.now();
    const signature = checkSignature(req, raw, now);
    const [row] = await lookUpApiKey(this.raw, sha256Hex(raw), signature.state === 'valid' ? signature.nonce : null, now);
    if (!row) return false;
    req.signatureCheck = signature.state === 'valid' ? { ...signature, nonceFresh: row.nonce_claimed } : signature;
    return toApiKeyPrincipal(row);
  }
}
