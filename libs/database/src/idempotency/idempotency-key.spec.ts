import { describe, expect, it } from '@jest/globals';
import { canonicalJson, readIdempotencyKey, requestHash } from './idempotency-key.js';

describe('canonicalJson', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,1,{"y":2,"z":1}]},"b":1}');
  });

  it('treats an absent body as null and drops undefined members like JSON does', () => {
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });

  it('keeps strings, numbers and booleans exactly', () => {
    expect(canonicalJson({ s: 'é "q"', n: 1.5, t: true, f: false })).toBe('{"f":false,"n":1.5,"s":"é \\"q\\"","t":true}');
  });
});

describe('requestHash', () => {
  it('is the same for bodies that differ only in key order', () => {
    const a = requestHash(JSON.parse('{"name":"App","code":"APP","defaultLicensePolicy":{"limits":{"hwid":{"mode":"sticky"}},"v":1}}'));
    const b = requestHash(JSON.parse('{ "defaultLicensePolicy": { "v": 1, "limits": { "hwid": { "mode": "sticky" } } }, "code": "APP", "name": "App" }'));
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when any value differs, also in nested objects and array order', () => {
    const base = requestHash({ name: 'App', tags: ['a', 'b'], nested: { n: 1 } });
    expect(requestHash({ name: 'App ', tags: ['a', 'b'], nested: { n: 1 } })).not.toBe(base);
    expect(requestHash({ name: 'App', tags: ['b', 'a'], nested: { n: 1 } })).not.toBe(base);
    expect(requestHash({ name: 'App', tags: ['a', 'b'], nested: { n: 2 } })).not.toBe(base);
    expect(requestHash({ name: 'App', tags: ['a', 'b'], nested: { n: '1' } })).not.toBe(base);
  });

  it('hashes the canonical JSON with SHA-256', () => {
    // sha256('null')
    expect(requestHash(undefined)).toBe('74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b');
  });
});

describe('readIdempotencyKey', () => {
  it('accepts 1..255 characters and reports absence as null', () => {
    expect(readIdempotencyKey(undefined)).toBeNull();
    expect(readIdempotencyKey('k')).toBe('k');
    expect(readIdempotencyKey('x'.repeat(255))).toBe('x'.repeat(255));
  });

  it('rejects an empty, too long or repeated header', () => {
    expect(readIdempotencyKey('')).toBe('invalid');
    expect(readIdempotencyKey('x'.repeat(256))).toBe('invalid');
    expect(readIdempotencyKey(['a', 'b'])).toBe('invalid');
  });
});
