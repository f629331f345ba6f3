/** Check 4 of API.md §5: the HWID, then the IP, must not be on the product's blacklist. */

export interface BlacklistHits {
  hwid: { reason: string | null } | null;
  ip: { reason: string | null } | null;
}

export type BlacklistDecision = { allow: true } | { allow: false; reasonCode: 'HWID_BLACKLISTED' | 'IP_BLACKLISTED'; message: string };

export function evaluateBlacklist(hits: BlacklistHits): BlacklistDecision {
  if (hits.hwid) return { allow: false, reasonCode: 'HWID_BLACKLISTED', message: hits.hwid.reason ?? 'This hardware id is blacklisted' };
  if (hits.ip) return { allow: false, reasonCode: 'IP_BLACKLISTED', message: hits.ip.reason ?? 'This IP address is blacklisted' };
  return { allow: true };
}
