import { isIP } from 'node:net';
import type { BlacklistType } from '../persistence/blacklist-entry.orm-entity.js';

/** A blacklist value checked for its type: HWIDs as given; IPs as an address and a prefix length. */
export type ParsedBlacklistValue =
  | { ok: true; type: 'HWID'; value: string }
  | { ok: true; type: 'IP'; address: string; prefix: number; family: 4 | 6 }
  | { ok: false; message: string };

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * API.md §8: an IP entry is a single address or a CIDR range (`203.0.113.0/24`, `2001:db8::/32`). An
 * IPv4-mapped IPv6 address is its IPv4 address, as for authorization. The canonical text (host bits cleared,
 * PostgreSQL's spelling) is produced by the database from the returned address and prefix.
 */
export function parseBlacklistValue(type: BlacklistType, raw: string): ParsedBlacklistValue {
  if (type === 'HWID') return raw.length > 0 ? { ok: true, type, value: raw } : { ok: false, message: 'value must not be empty' };

  const text = raw.trim();
  const slash = text.indexOf('/');
  let address = slash >= 0 ? text.slice(0, slash) : text;
  const prefixText = slash >= 0 ? text.slice(slash + 1) : null;
  let family = isIP(address);
  if (family === 0) return { ok: false, message: 'value must be an IPv4 or IPv6 address or CIDR range' };
  let max = family === 4 ? 32 : 128;
  if (prefixText !== null && !/^\d{1,3}$/.test(prefixText)) return { ok: false, message: 'the prefix length must be a number' };
  let prefix = prefixText === null ? max : Number(prefixText);
  if (prefix > max) return { ok: false, message: `the prefix length must be at most ${max}` };

  const mapped = family === 6 ? MAPPED_V4.exec(address) : null;
  if (mapped) {
    if (prefix < 96) return { ok: false, message: 'an IPv4-mapped range must be /96 or longer' };
    address = mapped[1]!;
    family = 4;
    prefix -= 96;
    max = 32;
  }
  return { ok: true, type: 'IP', address, prefix, family: family as 4 | 6 };
}
