import { sha256Hex } from '@geckoguard/core';

/**
 * A licensing seat is a row of the shared `sessions` table. Its session id is derived from the authContext:
 * `"licensing:" + authContext`, stored (like every session id) as its SHA-256. The prefix keeps seats apart
 * from the client-chosen session ids of POST /v1/licenses/authorize, whose revoked ids stay refused, while a
 * revoked seat is replaced when its authContext activates again. Both kinds count in one pool per license.
 */
export function seatSessionId(authContext: string): string {
  return `licensing:${authContext}`;
}

export function seatSessionIdHash(authContext: string): string {
  return sha256Hex(seatSessionId(authContext));
}

/** The audit actor of /licensing calls: the license token is the credential, not an identity. */
export const LICENSING_ACTOR = { type: 'client' as const, id: null };

/** Added to the data of every event a /licensing call writes. */
export const LICENSING_EVENT_DATA = { protocol: 'licensing' } as const;
