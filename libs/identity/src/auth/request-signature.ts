import { createHmac } from 'node:crypto';
import { AppError, constantTimeEqual, sha256Hex } from '@geckoguard/core';
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
  | { state: 'valid'; nonce: string; nonceFresh?: boolean };

/** The refusal a signed route owes a request whose signature is missing, incomplete or wrong (none when valid). */
export function signatureRefusal(check: SignatureCheck): AppError | null {
  if (check.state === 'absent' || check.state === 'incomplete') {
    return new AppError('SIGNATURE_REQUIRED', 'This request must be signed (X-GG-Timestamp, X-GG-Nonce, X-GG-Signature)');
  }
  return check.state === 'invalid' ? new AppError('SIGNATURE_INVALID', check.message) : null;
}

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


