import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Clock, sha256Hex } from '@geckoguard/core';
import { RawSession } from '@geckoguard/database';
import { Strategy } from 'passport-custom';
import type { ApiKeyPermission } from '../domain/api-key-permissions.js';
import type { ApiKeyPrincipal, GuardedRequest } from './principal.js';
import { checkSignature, NONCE_TTL_SECONDS, nonceClaimSql, type NonceRouteConfig } from './request-signature.js';

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
    const raw = req.headers['x-api-key'];
    if (typeof raw !== 'string' || !raw.startsWith('gg_') || raw.length > 200) return false;
    const now = this.clock.now();
    const signature = checkSignature(req, raw, now);
    // The hot path claims the nonce in its own transaction (one commit instead of two).
    const deferred = (req.routeOptions?.config as NonceRouteConfig | undefined)?.claimNonceInHandler === true;
    // One round trip: the key (read on every request, API.md §1, so a revoke or a permission change counts at
    // once) and, for a correctly signed request, the claim of its nonce — a nonce row taken over only once its
    // window has passed (the purge job may not have run yet).
    const rows = await this.raw.prepared<ApiKeyRow>(
      'gg_api_key_auth',
      `WITH k AS (SELECT id, name, org_id, product_id, permissions, require_signature FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL),
            n AS (${nonceClaimSql('SELECT k.id, $2::text, $3::timestamptz FROM k WHERE $2::text IS NOT NULL', '$3::timestamptz - make_interval(secs => $4)')})
       SELECT k.*, EXISTS (SELECT 1 FROM n) AS nonce_fresh FROM k`,
      [sha256Hex(raw), signature.state === 'valid' && !deferred ? signature.nonce : null, now, NONCE_TTL_SECONDS],
    );
    const row = rows[0];
    if (!row) return false;
    req.signatureCheck = signature.state === 'valid' ? { ...signature, nonceFresh: row.nonce_fresh, deferred } : signature;
    return {
      id: row.id,
      name: row.name,
      orgId: row.org_id,
      productId: row.product_id,
      permissions: row.permissions as ApiKeyPermission[],
      requireSignature: row.require_signature,
    };
  }
}

interface ApiKeyRow {
  id: string;
  name: string;
  org_id: string;
  product_id: string;
  permissions: string[];
  require_signature: boolean;
  nonce_fresh: boolean;
}
