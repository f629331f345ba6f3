import { describe, it, expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  CROCKFORD_ALPHABET,
  encodeLicenseKey,
  generateLicenseKey,
  hashLicenseKey,
  isGeneratedKeyFormat,
  isValidCustomKey,
  normalizeLicenseKey,
} from './license-key.js';

const FORMAT = /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/;

describe('generateLicenseKey', () => {
  it('has 5 groups of 5 Crockford characters joined by "-"', () => {
    const key = generateLicenseKey();
    expect(key).toMatch(FORMAT);
    expect(key).toHaveLength(29);
    expect(key.split('-').map((g) => g.length)).toEqual([5, 5, 5, 5, 5]);
    expect(isGeneratedKeyFormat(key)).toBe(true);
  });

  it('uses exactly the Crockford alphabet (no I, L, O, U)', () => {
    expect(CROCKFORD_ALPHABET).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ');
    expect(new Set(CROCKFORD_ALPHABET).size).toBe(32);
    expect(CROCKFORD_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it('is unique over 10,000 keys, each in the format, each already normalized, every character roughly uniform', () => {
    const keys = new Set<string>();
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const key = generateLicenseKey();
      expect(key).toMatch(FORMAT);
      expect(normalizeLicenseKey(key)).toBe(key);
      keys.add(key);
      for (const ch of key.replaceAll('-', '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(keys.size).toBe(10_000);
    // 250,000 draws over 32 characters: 7,812.5 expected each, standard deviation about 87; ±15% is > 13 sd.
    expect(counts.size).toBe(32);
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(7812.5 * 0.85);
      expect(count).toBeLessThan(7812.5 * 1.15);
    }
  });
});

describe('encodeLicenseKey', () => {
  it('maps all-zero bits to 0 and all-one bits to Z', () => {
    expect(encodeLicenseKey(new Uint8Array(16))).toBe('00000-00000-00000-00000-00000');
    expect(encodeLicenseKey(new Uint8Array(16).fill(0xff))).toBe('ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ');
  });

  it('takes 5 bits at a time, most significant first, from the first 125 bits', () => {
    // 0x08 = 00001|000: the first character is 1, the rest 0.
    const first = new Uint8Array(16);
    first[0] = 0x08;
    expect(encodeLicenseKey(first)).toBe('10000-00000-00000-00000-00000');
    // The last byte's low 3 bits are beyond 125 bits and ignored; its bit 3 is the lowest bit of character 25.
    const last = new Uint8Array(16);
    last[15] = 0x07;
    expect(encodeLicenseKey(last)).toBe('00000-00000-00000-00000-00000');
    last[15] = 0x08;
    expect(encodeLicenseKey(last)).toBe('00000-00000-00000-00000-00001');
    // A byte straddling two characters: 0b00000111 11000000 → characters 0, 31 (11111), 0.
    const straddle = new Uint8Array(16);
    straddle[0] = 0b00000111;
    straddle[1] = 0b11000000;
    expect(encodeLicenseKey(straddle)).toBe('0Z000-00000-00000-00000-00000');
  });

  it('reads each character of the alphabet from its 5-bit index', () => {
    // Characters 0..24 carry the indices 0..24; pack them big-endian into 125 bits.
    let bits = 0n;
    for (let i = 0; i < 25; i++) bits = (bits << 5n) | BigInt(i);
    bits <<= 3n;
    const bytes = new Uint8Array(16);
    for (let i = 15; i >= 0; i--) {
      bytes[i] = Number(bits & 0xffn);
      bits >>= 8n;
    }
    expect(encodeLicenseKey(bytes).replaceAll('-', '')).toBe(CROCKFORD_ALPHABET.slice(0, 25));
  });

  it('rejects fewer than 16 bytes', () => {
    expect(() => encodeLicenseKey(new Uint8Array(15))).toThrow(RangeError);
  });
});

describe('normalizeLicenseKey', () => {
  it('upper-cases', () => {
    expect(normalizeLicenseKey('abcde-fghjk-mnpqr-stvwx-yz012')).toBe('ABCDE-FGHJK-MNPQR-STVWX-YZ012');
    expect(normalizeLicenseKey('my-custom_key')).toBe('MY-CUSTOM_KEY');
  });

  it('removes spaces anywhere, also tabs and line breaks from pasting', () => {
    expect(normalizeLicenseKey('  ABCDE - FGHJK-MNPQR-STVWX-YZ012 ')).toBe('ABCDE-FGHJK-MNPQR-STVWX-YZ012');
    expect(normalizeLicenseKey('ABCDE-FGHJK\n-MNPQR-\tSTVWX-YZ012')).toBe('ABCDE-FGHJK-MNPQR-STVWX-YZ012');
    expect(normalizeLicenseKey('my custom key')).toBe('MYCUSTOMKEY');
  });

  it('reads I and L as 1 and O as 0 in the generated format, in either case', () => {
    expect(normalizeLicenseKey('IIIII-LLLLL-OOOOO-iiiii-lo0o1')).toBe('11111-11111-00000-11111-10001');
    expect(normalizeLicenseKey('abcdi-fghjk-mnpqr-stvwx-yzolo')).toBe('ABCD1-FGHJK-MNPQR-STVWX-YZ010');
    expect(normalizeLicenseKey(' ab cdi-fghjk-mnpqr-stvwx-yzolo ')).toBe('ABCD1-FGHJK-MNPQR-STVWX-YZ010');
  });

  it('makes every misread spelling of a generated key equal to it', () => {
    for (let i = 0; i < 200; i++) {
      const key = generateLicenseKey();
      const misread = key.replaceAll('1', () => (Math.random() < 0.5 ? 'I' : 'l')).replaceAll('0', 'o').toLowerCase();
      expect(normalizeLicenseKey(misread)).toBe(key);
      expect(hashLicenseKey(normalizeLicenseKey(misread))).toBe(hashLicenseKey(key));
    }
  });

  it('keeps I, L and O in custom keys', () => {
    expect(normalizeLicenseKey('HELLO-WORLD-KEY')).toBe('HELLO-WORLD-KEY');
    expect(normalizeLicenseKey('gold_license_01')).toBe('GOLD_LICENSE_01');
    // Generated layout without dashes, or with other group sizes, is a custom key.
    expect(normalizeLicenseKey('IIIIILLLLLOOOOOIIIIILLLLL')).toBe('IIIIILLLLLOOOOOIIIIILLLLL');
    expect(normalizeLicenseKey('IIII-LLLLLL-OOOOO-IIIII-LLLLL')).toBe('IIII-LLLLLL-OOOOO-IIIII-LLLLL');
    expect(normalizeLicenseKey('IIIII-LLLLL-OOOOO-IIIII-LLLLL-OOOOO')).toBe('IIIII-LLLLL-OOOOO-IIIII-LLLLL-OOOOO');
  });

  it('treats a U anywhere as a custom key (U has no Crockford reading)', () => {
    expect(normalizeLicenseKey('UIOLX-00000-00000-00000-00000')).toBe('UIOLX-00000-00000-00000-00000');
    expect(normalizeLicenseKey('uiolx-00000-00000-00000-00000')).toBe('UIOLX-00000-00000-00000-00000');
  });

  it('does not upper-case non-ASCII letters into key characters', () => {
    expect(normalizeLicenseKey('ıııı-key-value')).toBe('ıııı-KEY-VALUE');
    expect(isValidCustomKey('ıııı-key-value')).toBe(false);
  });

  it('is idempotent', () => {
    for (const raw of ['abcdi-fghjk-mnpqr-stvwx-yzolo', ' my custom key ', 'HELLO-WORLD-KEY', generateLicenseKey(), '']) {
      const once = normalizeLicenseKey(raw);
      expect(normalizeLicenseKey(once)).toBe(once);
    }
  });
});

describe('isGeneratedKeyFormat', () => {
  it('accepts only normalized generated keys', () => {
    expect(isGeneratedKeyFormat('ABCDE-FGHJK-MNPQR-STVWX-YZ012')).toBe(true);
    expect(isGeneratedKeyFormat('abcde-fghjk-mnpqr-stvwx-yz012')).toBe(false);
    expect(isGeneratedKeyFormat('ABCDI-FGHJK-MNPQR-STVWX-YZ012')).toBe(false);
    expect(isGeneratedKeyFormat('ABCDEFGHJKMNPQRSTVWXYZ012')).toBe(false);
  });
});

describe('isValidCustomKey', () => {
  it('accepts 8 to 128 characters of [A-Za-z0-9_-]', () => {
    expect(isValidCustomKey('abcdefgh')).toBe(true);
    expect(isValidCustomKey('A-b_C-d_0123')).toBe(true);
    expect(isValidCustomKey('x'.repeat(128))).toBe(true);
    expect(isValidCustomKey('HELLO-WORLD-KEY')).toBe(true);
    expect(isValidCustomKey(generateLicenseKey())).toBe(true);
  });

  it('rejects too short, too long and other characters', () => {
    expect(isValidCustomKey('abcdefg')).toBe(false);
    expect(isValidCustomKey('')).toBe(false);
    expect(isValidCustomKey('x'.repeat(129))).toBe(false);
    expect(isValidCustomKey('abcd.efgh')).toBe(false);
    expect(isValidCustomKey('abcd/efgh')).toBe(false);
    expect(isValidCustomKey('abcdéfgh')).toBe(false);
    expect(isValidCustomKey('abcd+efgh')).toBe(false);
  });

  it('validates the normalized form: spaces are dropped and do not count toward the length', () => {
    expect(isValidCustomKey(' abcd efgh ')).toBe(true);
    expect(isValidCustomKey('abc defg')).toBe(false);
    expect(isValidCustomKey(`  ${'x'.repeat(128)}  `)).toBe(true);
    expect(isValidCustomKey('           ')).toBe(false);
  });
});

describe('hashLicenseKey', () => {
  it('is the hex SHA-256 of the normalized key', () => {
    const key = 'ABCDE-FGHJK-MNPQR-STVWX-YZ012';
    expect(hashLicenseKey(key)).toBe(createHash('sha256').update(key, 'utf8').digest('hex'));
    expect(hashLicenseKey(key)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is stable', () => {
    // Stored hashes must keep matching across releases, so pin known digests.
    expect(hashLicenseKey('ABCDE-FGHJK-MNPQR-STVWX-YZ012')).toBe('d377b1d66eca012be89c98ba987332c58bb8d7aa93958eada2e96da324bfe0d6');
    expect(hashLicenseKey('ABCDE-FGHJK-MNPQR-STVWX-YZ012')).toBe(hashLicenseKey('ABCDE-FGHJK-MNPQR-STVWX-YZ012'));
    expect(hashLicenseKey('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hashLicenseKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('differs between keys that normalize differently, and matches for spellings that normalize alike', () => {
    expect(hashLicenseKey(normalizeLicenseKey('hello-world-key'))).toBe(hashLicenseKey(normalizeLicenseKey('HELLO-WORLD-KEY')));
    expect(hashLicenseKey(normalizeLicenseKey('HELLO-WORLD-KEY'))).not.toBe(hashLicenseKey(normalizeLicenseKey('HE11O-WORLD-KEY')));
  });
});
