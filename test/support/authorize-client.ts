import { randomBytes } from 'node:crypto';
import { signRequest } from '@geckoguard/identity';

export interface AuthorizeBody {
  productId: string;
  licenseKey: string;
  hwid?: string;
  ip?: string;
  deviceId?: string;
  sessionId?: string;
  dryRun?: boolean;
}

export interface Decision {
  status: number;
  body: any;
}

/** The headers of a POST of `raw` signed as API.md §2 says; a fresh nonce unless one is given (to replay it). */
export function signedHeaders(apiKey: string, path: string, raw: string, nonce = randomBytes(16).toString('hex')): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    'content-type': 'application/json',
    'x-api-key': apiKey,
    'x-gg-timestamp': timestamp,
    'x-gg-nonce': nonce,
    'x-gg-signature': signRequest(apiKey, timestamp, nonce, 'POST', path, raw),
  };
}

/** POSTs `raw` exactly as given, with `headers` (from signedHeaders, or tampered with). */
export function postRaw(baseUrl: string, path: string, headers: Record<string, string>, raw: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: raw });
}

/** Sends a correctly signed POST (authorize, sessions/end) the way a client following API.md §2 would. */
export async function signedPost(baseUrl: string, apiKey: string, path: string, body: unknown, extraHeaders: Record<string, string> = {}): Promise<Decision> {
  const raw = JSON.stringify(body);
  const res = await postRaw(baseUrl, path, { ...signedHeaders(apiKey, path, raw), ...extraHeaders }, raw);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export function authorize(baseUrl: string, apiKey: string, body: AuthorizeBody, headers?: Record<string, string>): Promise<Decision> {
  return signedPost(baseUrl, apiKey, '/v1/licenses/authorize', body, headers);
}
