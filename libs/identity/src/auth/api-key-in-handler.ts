import { Injectable } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { AppError, Clock, sha256Hex } from '@geckoguard/core';
import { RawSession, type PreparedStatement } from '@geckoguard/database';
import type { ApiKeyPermission } from '../domain/api-key-permissions.js';
import type { ApiKeyPrincipal, GuardedRequest } from './principal.js';
import { checkSignature, NONCE_TTL_SECONDS, signatureRefusal, type SignatureCheck } from './request-signature.js';

export interface ApiKeyAuthRow {
  id: string;
  name: string;
  org_id: string;
  product_id: string;
  permissions: string[];
  require_signature: boolean;
}

export function toApiKeyPrincipal(row: ApiKeyAuthRow): ApiKeyPrincipal {
  return {
    id: row.id,
    name: row.name,
    orgId: row.org_id,
    productId: row.product_id,
    permissions: row.permissions as ApiKeyPermission[],
    requireSignature: row.require_signature,
  };
}

/** `X-Api-Key` as sent, when it has the shape of a key at all (anything else authenticates nobody). */
export function presentedApiKey(req: GuardedRequest): string | null {
  const raw = req.headers['x-api-key'];
  return typeof raw === 'string' && raw.startsWith('gg_') && raw.length <= 200 ? raw : null;
}

/** The nonce window's start: a stored nonce older than this may be claimed again. */
function nonceCutoff(now: Date): Date {
  return new Date(now.getTime() - NONCE_TTL_SECONDS * 1000);
}

/**
 * One round trip for the key (read on every request, API.md §1, so a revoke or a permission change counts at
 * once) and, when a nonce is given, its claim: the server-side `gg_api_key_check` (migration 1796000000000).
 * Shared by the API-key strategy and `ApiKeyInHandlerAuth`.
 */
export function lookUpApiKey(raw: RawSession, keyHash: string, nonce: string | null, now: Date): Promise<ApiKeyCheckRow[]> {
  return raw.prepared<ApiKeyCheckRow>(API_KEY_CHECK, apiKeyCheckValues(keyHash, null, nonce, now));
}

export interface ApiKeyCheckRow extends ApiKeyAuthRow {
  nonce_claimed: boolean;
}

/**
 * A route that checks its API key in its handler, so the key lookup and the nonce claim ride in the first round
 * trip of the handler's own transaction (the authorize hot path). No guard runs; the handler keeps the order of
 * API.md §1: key (401) → signature (401) → permission (403) → body (400) → replay (401 NONCE_REUSED).
 */
export const ApiKeyInHandler = () => ApiSecurity('apiKey');

/** A signed request whose key, permission and nonce are checked in the handler's transaction. */
export interface BatchedApiKey {
  keyHash: string;
  permission: ApiKeyPermission;
  nonce: string;
}

/**
 * The check of a `BatchedApiKey` as a function call for a handler's prepared statement (a FROM item), its five
 * parameters from `$first`: the key, and its nonce claimed only when it holds the permission. No row: no such key.
 */
export function batchedApiKeyCheck(first: number): string {
  const $ = (i: number) => `$${first + i}`;
  return `gg_api_key_check(${$(0)}::bpchar, ${$(1)}::text, ${$(2)}::text, ${$(3)}::timestamptz, ${$(4)}::timestamptz)`;
}

/** The values of `batchedApiKeyCheck`'s parameters, in order. */
export function batchedApiKeyCheckValues(key: BatchedApiKey, now: Date): unknown[] {
  return apiKeyCheckValues(key.keyHash, key.permission, key.nonce, now);
}

/** The key whatever its permissions, its nonce claimed when one is given (`permission` null: no permission asked). */
function apiKeyCheckValues(keyHash: string, permission: ApiKeyPermission | null, nonce: string | null, now: Date): unknown[] {
  return [keyHash, permission, nonce, now, nonceCutoff(now)];
}

const API_KEY_CHECK: PreparedStatement = { name: 'gg_api_key_check', text: `SELECT * FROM ${batchedApiKeyCheck(1)}` };

/** The key a batch found, or its refusal in the §1 order: unknown (401), no permission (403), replay (401). */
export function admitBatchedApiKey(key: BatchedApiKey, rows: ApiKeyCheckRow[]): ApiKeyPrincipal {
  const row = rows[0];
  if (!row) throw unknownKey();
  if (!row.permissions.includes(key.permission)) throw permissionDenied(key.permission);
  if (!row.nonce_claimed) throw new AppError('NONCE_REUSED', 'This nonce was already used');
  return toApiKeyPrincipal(row);
}

export const unknownKey = () => new AppError('UNAUTHORIZED', 'A valid API key is required (X-Api-Key)');
export const permissionDenied = (permission: ApiKeyPermission) => new AppError('PERMISSION_DENIED', `This API key lacks the ${permission} permission`);

/** What the headers of a signed route present, read in memory. */
export interface PresentedCredential {
  keyHash: string;
  signature: SignatureCheck;
}

@Injectable()
export class ApiKeyInHandlerAuth {
  constructor(
    private readonly raw: RawSession,
    private readonly clock: Clock,
  ) {}

  /** The presented key and what its signature headers say; a missing or malformed key is 401 at once. */
  present(req: GuardedRequest): PresentedCredential {
    const key = presentedApiKey(req);
    if (!key) throw unknownKey();
    return { keyHash: sha256Hex(key), signature: checkSignature(req, key, this.clock.now()) };
  }

  /**
   * For a request that cannot take the batched path (its signature or body is not right): looks the key up and
   * gives the first refusal in the §1 order, `later(key)` (the body's) last; null when there is none.
   */
  async refusal(credential: PresentedCredential, permission: ApiKeyPermission, later: (key: ApiKeyPrincipal) => AppError | null): Promise<AppError | null> {
    const [row] = await lookUpApiKey(this.raw, credential.keyHash, null, this.clock.now());
    if (!row) return unknownKey();
    const refusal = signatureRefusal(credential.signature);
    if (refusal) return refusal;
    if (!row.permissions.includes(permission)) return permissionDenied(permission);
    return later(toApiKeyPrincipal(row));
  }
}
