import { createHmac } from 'node:crypto';
import { constantTimeEqual, sha256Hex } from '@geckoguard/core';
import type { FastifyRequest } from 'fastify';

export const SIGNATURE_WINDOW_SECONDS = 300;
export const NONCE_TTL_SECONDS = 600;
const NONCE = /^[A-Za-z0-9_-]{16,128}$/;

export function signatureBaseString(timestamp: string, nonce: string, method: string, pathWithQuery: string, body: Buffer | string): string {
  return `${timestamp}\n${nonce}\n${method.toUpperCase()}\n${pathWithQuery}\n${sha256Hex(body)}`;
}

export function signRequest(apiKey: string, timestamp: string, nonce: string, method: string, pathWithQuery: string, body: Buffer | string): string {
  return createHmac('sha256', apiKey).update(signatureBaseString(timestamp, nonce, method, pathWithQuery, body)).digest('hex');
}

/** What the signature headers of a request say, checked in memory (the HMAC is keyed with the presented key). */
export type SignatureCheck =
  | { state: 'absent' }
  | { state: 'incomplete' }
  | { state: 'invalid'; message: string }
  | { state: 'valid'; nonce: string; nonceFresh?: boolean; deferred?: boolean };

export function checkSignature(req: FastifyRequest & { rawBody?: Buffer }, rawKey: string, now: Date): SignatureCheck {
  const timestamp = req.headers['x-gg-timestamp'];
  const nonce = req.headers['x-gg-nonce'];
  const signature = req.headers['x-gg-signature'];
  if (timestamp === undefined && nonce === undefined && signature === undefined) return { state: 'absent' };
  if (typeof timestamp !== 'string' || typeof nonce !== 'string' || typeof signature !== 'string') return { state: 'incomplete' };
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) {
    return { state: 'invalid', message: 'Request timestamp is missing or more than 300 s from server time' };
  }
  if (!NONCE.test(nonce)) return { state: 'invalid', message: 'Nonce must be 16-128 characters of [A-Za-z0-9_-]' };
  const expected = signRequest(rawKey, timestamp, nonce, req.method, req.raw.url ?? req.url, req.rawBody ?? '');
  if (!constantTimeEqual(expected, signature.toLowerCase())) return { state: 'invalid', message: 'Request signature does not match' };
  return { state: 'valid', nonce };
}

/** Route config (Fastify) of routes whose handler claims the nonce inside its own transaction. */
export interface NonceRouteConfig {
  claimNonceInHandler?: boolean;
}

/** A nonce the handler must claim in its transaction (see `ClaimNonceInHandler`). */
export interface DeferredNonce {
  apiKeyId: string;
  nonce: string;
}

/**
 * The one nonce claim: insert the nonce, or take over a row whose window has passed (the purge job may not
 * have run yet). It returns a row when the nonce is new, none on a replay. `source` yields the key id and the
 * nonce and its time (a VALUES list or a SELECT); `cutoff` is an SQL expression.
 */
export function nonceClaimSql(source: string, cutoff: string): string {
  return `INSERT INTO request_nonces (api_key_id, nonce, created_at) ${source}
          ON CONFLICT (api_key_id, nonce) DO UPDATE SET created_at = EXCLUDED.created_at
            WHERE request_nonces.created_at < ${cutoff}
          RETURNING 1`;
}

/** The claim with SQL literals, for a handler batching it into its transaction's first round trip. */
export function nonceClaimStatement(literal: (value: unknown) => string, claim: DeferredNonce, now: Date): string {
  const cutoff = new Date(now.getTime() - NONCE_TTL_SECONDS * 1000);
  return nonceClaimSql(`VALUES (${literal(claim.apiKeyId)}, ${literal(claim.nonce)}, ${literal(now)})`, literal(cutoff));
}
