import { isIP } from 'node:net';

/** Expands an IPv6 address to its 8 groups (lower-case hex, no leading zeros). Null when malformed. */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    if (isIP(last) !== 4) return null;
    const [a, b, c, d] = last.split('.').map(Number) as [number, number, number, number];
    tail = [(a << 8) | b, (c << 8) | d];
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 1 && fill !== 0) return null;
  if (fill < 0) return null;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? fill : 0).fill(0), ...rest];
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g) || g < 0 || g > 0xffff)) return null;
  if (tail.length) groups.splice(6, 2, ...tail);
  return groups;
}

export interface NormalizedIp {
  /** What the rules count: an IPv4 address, or an IPv6 /64 prefix (`2001:db8:1:2::/64`). */
  value: string;
  /** The single address, for geolocation and blacklist containment probes. */
  address: string;
  family: 4 | 6;
}

/**
 * API.md §5: IPv4-mapped IPv6 addresses count as IPv4; IPv6 addresses count per /64.
 * Returns null for anything that is not an IP address.
 */
export function normalizeIp(raw: string): NormalizedIp | null {
  const input = raw.trim();
  const family = isIP(input);
  if (family === 4) {
    const address = input.split('.').map((o) => String(Number(o))).join('.');
    return { value: address, address, family: 4 };
  }
  if (family !== 6) return null;
  const groups = ipv6Groups(input);
  if (!groups) return null;
  const isMapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (isMapped) {
    const address = [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
    return { value: address, address, family: 4 };
  }
  const hex = groups.map((g) => g.toString(16));
  const address = hex.join(':');
  return { value: `${hex.slice(0, 4).join(':')}::/64`, address, family: 6 };
}
