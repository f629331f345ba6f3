import { describe, expect, it } from '@jest/globals';
import { normalizeIp } from './ip-address.js';

describe('normalizeIp (API.md §5: IPv4-mapped IPv6 counts as IPv4, IPv6 counts per /64)', () => {
  describe('IPv4', () => {
    it('counts the address itself', () => {
      expect(normalizeIp('203.0.113.7')).toEqual({ value: '203.0.113.7', address: '203.0.113.7', family: 4 });
    });

    it('keeps the edges of the range', () => {
      expect(normalizeIp('0.0.0.0')).toEqual({ value: '0.0.0.0', address: '0.0.0.0', family: 4 });
      expect(normalizeIp('255.255.255.255')).toEqual({ value: '255.255.255.255', address: '255.255.255.255', family: 4 });
    });

    it('ignores surrounding whitespace', () => {
      expect(normalizeIp('  10.1.2.3\n')).toEqual({ value: '10.1.2.3', address: '10.1.2.3', family: 4 });
    });

    it('gives different values to neighbouring addresses (no prefix grouping for IPv4)', () => {
      expect(normalizeIp('10.0.0.1')!.value).not.toBe(normalizeIp('10.0.0.2')!.value);
    });
  });

  describe('IPv4-mapped IPv6', () => {
    it('counts ::ffff:a.b.c.d as the IPv4 address', () => {
      expect(normalizeIp('::ffff:1.2.3.4')).toEqual({ value: '1.2.3.4', address: '1.2.3.4', family: 4 });
    });

    it('gives every spelling of the mapped address the same value as plain IPv4', () => {
      const plain = normalizeIp('1.2.3.4');
      for (const spelling of [
        '::FFFF:1.2.3.4',
        '::ffff:0102:0304',
        '::ffff:102:304',
        '0:0:0:0:0:ffff:1.2.3.4',
        '0000:0000:0000:0000:0000:FFFF:0102:0304',
        ' ::ffff:1.2.3.4 ',
      ]) {
        expect(normalizeIp(spelling)).toEqual(plain);
      }
    });

    it('maps the edges of the IPv4 range', () => {
      expect(normalizeIp('::ffff:255.255.255.255')?.value).toBe('255.255.255.255');
      expect(normalizeIp('::ffff:0.0.0.0')?.value).toBe('0.0.0.0');
      expect(normalizeIp('::ffff:ffff:ffff')?.value).toBe('255.255.255.255');
    });

    it('does not treat other embedded-IPv4 forms as IPv4', () => {
      // IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96) are IPv6 addresses and count per /64.
      expect(normalizeIp('::1.2.3.4')).toMatchObject({ family: 6, value: '0:0:0:0::/64' });
      expect(normalizeIp('64:ff9b::1.2.3.4')).toMatchObject({ family: 6, value: '64:ff9b:0:0::/64' });
      expect(normalizeIp('::fffe:1.2.3.4')).toMatchObject({ family: 6 });
    });
  });

  describe('IPv6', () => {
    it('counts the /64 prefix and keeps the full address', () => {
      expect(normalizeIp('2001:db8:1:2:3:4:5:6')).toEqual({
        value: '2001:db8:1:2::/64',
        address: '2001:db8:1:2:3:4:5:6',
        family: 6,
      });
    });

    it('gives every spelling of the same address the same value and address', () => {
      const canonical = normalizeIp('2001:db8:0:0:0:0:0:1');
      expect(canonical).toEqual({ value: '2001:db8:0:0::/64', address: '2001:db8:0:0:0:0:0:1', family: 6 });
      for (const spelling of ['2001:db8::1', '2001:DB8::1', '2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8:0::0:1', ' 2001:db8::1 ']) {
        expect(normalizeIp(spelling)).toEqual(canonical);
      }
    });

    it('gives every address of one /64 the same value', () => {
      const values = ['2001:db8:aa:bb::1', '2001:db8:aa:bb:ffff:ffff:ffff:ffff', '2001:0DB8:00AA:00BB:1:2:3:4', '2001:db8:aa:bb::'].map(
        (s) => normalizeIp(s)?.value,
      );
      expect(new Set(values)).toEqual(new Set(['2001:db8:aa:bb::/64']));
    });

    it('gives different /64 prefixes different values', () => {
      expect(normalizeIp('2001:db8:aa:bb::1')?.value).not.toBe(normalizeIp('2001:db8:aa:bc::1')?.value);
      expect(normalizeIp('2001:db8:aa:bb::1')?.value).not.toBe(normalizeIp('2001:db9:aa:bb::1')?.value);
    });

    it('handles the compressed forms at either end', () => {
      expect(normalizeIp('::')).toEqual({ value: '0:0:0:0::/64', address: '0:0:0:0:0:0:0:0', family: 6 });
      expect(normalizeIp('::1')).toEqual({ value: '0:0:0:0::/64', address: '0:0:0:0:0:0:0:1', family: 6 });
      expect(normalizeIp('1:2:3:4:5:6:7::')).toEqual({ value: '1:2:3:4::/64', address: '1:2:3:4:5:6:7:0', family: 6 });
      expect(normalizeIp('::2:3:4:5:6:7:8')).toEqual({ value: '0:2:3:4::/64', address: '0:2:3:4:5:6:7:8', family: 6 });
    });

    it('drops a zone id', () => {
      expect(normalizeIp('fe80::1%eth0')).toEqual({ value: 'fe80:0:0:0::/64', address: 'fe80:0:0:0:0:0:0:1', family: 6 });
      expect(normalizeIp('fe80::1%eth0')).toEqual(normalizeIp('fe80::1'));
    });

    it('keeps an embedded IPv4 tail of a non-mapped address in hex', () => {
      expect(normalizeIp('2001:db8::1.2.3.4')).toEqual({ value: '2001:db8:0:0::/64', address: '2001:db8:0:0:0:0:102:304', family: 6 });
    });
  });

  describe('invalid input', () => {
    it.each([
      '',
      '   ',
      'localhost',
      'not an ip',
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '1.2.3.-1',
      '01.2.3.4',
      '1.2.3.4/24',
      '203.0.113.0/24',
      '2001:db8::/32',
      '2001:db8::/64',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      '12345::1',
      'g::1',
      '::ffff:1.2.3.256',
      '::ffff:1.2.3',
      '[2001:db8::1]',
      '1.2.3.4:80',
    ])('%j is not an IP address', (raw) => {
      expect(normalizeIp(raw)).toBeNull();
    });
  });
});
