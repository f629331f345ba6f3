import { normalizeIp } from '@geckoguard/bindings';
import type { BlacklistType } from '../persistence/blacklist-entry.orm-entity.js';

/** A blacklist value checked for its type: HWIDs as given; IPs as an address and a prefix length. */
export type ParsedBlacklistValue =
  | { ok: true; type: 'HWID'; value: string }
  | { ok: true; type: 'IP'; address: string; prefix: number }
  | { ok: false; message: string };

/**
 * API.md §8: an IP entry is a single address or a CIDR range (`203.0.113.0/24`, `2001:db8::/32`). An
 * IPv4-mapped IPv6 address is its IPv4 address, as for authorization. The canonical text (host bits cleared,
 * PostgreSQL's spelling) is produced by the database from the returned address and prefix.
 */
export function parseBlacklistValue(type: BlacklistType, raw: string): ParsedBlacklistValue {
  if (type === 'HWID') return raw.length > 0 ? { ok: true, type, value: raw } : { ok: false, message: 'value must not be empty' };

  const text = raw.trim();
  const slash = text.indexOf('/');
  const prefixText = slash >= 0 ? text.slice(slash + 1) : null;
  // The address as authorization reads it: an IPv4-mapped IPv6 address (in any spelling) is its IPv4 address.
  const ip = normalizeIp(slash >= 0 ? text.slice(0, slash) : text);
  if (!ip) return { ok: false, message: 'value must be an IPv4 or IPv6 address or CIDR range' };
  if (prefixText !== null && !/^\d{1,3}$/.test(prefixText)) return { ok: false, message: 'the prefix length must be a number' };
  const writtenAsV6 = text.slice(0, slash >= 0 ? slash : undefined).includes(':');
  const max = writtenAsV6 ? 128 : 32;
  const prefix = prefixText === null ? max : Number(prefixText);
  if (prefix > max) return { ok: false, message: `the prefix length must be at most ${max}` };
  if (writtenAsV6 && ip.family === 4) {
    if (prefix < 96) return { ok: false, message: 'an IPv4-mapped range must be /96 or longer' };
    return { ok: true, type: 'IP', address: ip.address, prefix: prefix - 96 };
  }
  return { ok: true, type: 'IP', address: ip.address, prefix };
}
