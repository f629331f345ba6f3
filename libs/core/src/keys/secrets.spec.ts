import { describe, it, expect } from '@jest/globals';
import { constantTimeEqual, randomToken, sha256Hex } from './secrets.js';

describe('sha256Hex', () => {
  it('hashes strings as UTF-8 and buffers as bytes, to 64 lower-case hex characters', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(Buffer.from('abc'))).toBe(sha256Hex('abc'));
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('é')).toBe(sha256Hex(Buffer.from([0xc3, 0xa9])));
    expect(sha256Hex('anything')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('randomToken', () => {
  it('is base64url of the requested number of bytes', () => {
    for (const bytes of [1, 16, 32, 48]) {
      const token = randomToken(bytes);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(bytes);
    }
  });

  it('defaults to 32 bytes', () => {
    expect(Buffer.from(randomToken(), 'base64url')).toHaveLength(32);
    expect(randomToken()).toHaveLength(43);
  });

  it('does not repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => randomToken(16)));
    expect(tokens.size).toBe(1000);
  });
});

describe('constantTimeEqual', () => {
  it('is true for equal strings', () => {
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('secret', 'secret')).toBe(true);
    expect(constantTimeEqual('ünïcödé', 'ünïcödé')).toBe(true);
  });

  it('is false for different strings of equal length', () => {
    expect(constantTimeEqual('secret', 'secreT')).toBe(false);
    expect(constantTimeEqual('a'.repeat(64), `${'a'.repeat(63)}b`)).toBe(false);
  });

  it('is false, without throwing, for different lengths', () => {
    expect(constantTimeEqual('secret', 'secret ')).toBe(false);
    expect(constantTimeEqual('', 'x')).toBe(false);
    expect(constantTimeEqual('abc', 'abcabc')).toBe(false);
  });

  it('compares characters, not bytes of a lossy encoding', () => {
    expect(constantTimeEqual('é', 'e\u0301')).toBe(false);
  });
});
