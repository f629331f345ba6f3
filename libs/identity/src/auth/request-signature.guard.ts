import { createHmac } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, Clock, constantTimeEqual, sha256Hex } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import type { GuardedRequest } from './principal.js';

export const SIGNATURE_REQUIRED_KEY = 'geckoguard:signature-required';
/** Marks a route whose every request must be signed, whatever the key (authorize, sessions/end). */
export const RequireSignature = () => SetMetadata(SIGNATURE_REQUIRED_KEY, true);

export const SIGNATURE_WINDOW_SECONDS = 300;
export const NONCE_TTL_SECONDS = 600;
const NONCE = /^[A-Za-z0-9_-]{16,128}$/;

export function signatureBaseString(timestamp: string, nonce: string, method: string, pathWithQuery: string, body: Buffer | string): string {
  return `${timestamp}\n${nonce}\n${method.toUpperCase()}\n${pathWithQuery}\n${sha256Hex(body)}`;
}

export function signRequest(apiKey: string, timestamp: string, nonce: string, method: string, pathWithQuery: string, body: Buffer | string): string {
  return createHmac('sha256', apiKey).update(signatureBaseString(timestamp, nonce, method, pathWithQuery, body)).digest('hex');
}

/**
 * API.md §2 request signing. Signed requests are verified whenever signature headers are present; they are
 * required on routes marked `@RequireSignature()` and for keys created with `requireSignature`.
 * The nonce is recorded per key; a nonce seen within its 600 s window is a replay.
 */
@Injectable()
export class RequestSignatureGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    if (req.principal?.kind !== 'api_key') return true;
    const key = req.principal.apiKey;
    const routeRequires = this.reflector.getAllAndOverride<boolean | undefined>(SIGNATURE_REQUIRED_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const timestamp = req.headers['x-gg-timestamp'];
    const nonce = req.headers['x-gg-nonce'];
    const signature = req.headers['x-gg-signature'];
    const present = timestamp !== undefined || nonce !== undefined || signature !== undefined;
    if (!present && !routeRequires && !key.requireSignature) return true;
    if (typeof timestamp !== 'string' || typeof nonce !== 'string' || typeof signature !== 'string') {
      throw new AppError('SIGNATURE_REQUIRED', 'This request must be signed (X-GG-Timestamp, X-GG-Nonce, X-GG-Signature)');
    }
    const rawKey = req.headers['x-api-key'] as string;
    const now = this.clock.now();
    const ts = Number(timestamp);
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - ts) > SIGNATURE_WINDOW_SECONDS) {
      throw new AppError('SIGNATURE_INVALID', 'Request timestamp is missing or more than 300 s from server time');
    }
    if (!NONCE.test(nonce)) throw new AppError('SIGNATURE_INVALID', 'Nonce must be 16-128 characters of [A-Za-z0-9_-]');
    const expected = signRequest(rawKey, timestamp, nonce, req.method, req.raw.url ?? req.url, req.rawBody ?? '');
    if (!constantTimeEqual(expected, signature.toLowerCase())) throw new AppError('SIGNATURE_INVALID', 'Request signature does not match');

    // Insert the nonce, or take over a row whose window has passed (the purge job may not have run yet).
    const rows = (await this.dataSource.query(
      `INSERT INTO request_nonces (api_key_id, nonce, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (api_key_id, nonce) DO UPDATE SET created_at = EXCLUDED.created_at
         WHERE request_nonces.created_at < $3::timestamptz - make_interval(secs => $4)
       RETURNING 1`,
      [key.id, nonce, now, NONCE_TTL_SECONDS],
    )) as unknown[];
    if (rows.length === 0) throw new AppError('NONCE_REUSED', 'This nonce was already used');
    return true;
  }
}
