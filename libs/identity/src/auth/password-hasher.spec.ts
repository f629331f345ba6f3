import { describe, expect, it } from '@jest/globals';
import { scryptSync } from 'node:crypto';
import { PasswordHasher } from './password-hasher.js';

describe('PasswordHasher (scrypt)', () => {
  const hasher = new PasswordHasher();

  it('stores scrypt$N$r$p$salt$hash with a random salt, and verifies only the right password', async () => {
    const a = await hasher.hash('correct horse battery');
    const b = await hasher.hash('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse battery');
    expect(await hasher.verify('correct horse battery', a)).toBe(true);
    expect(await hasher.verify('correct horse battery', b)).toBe(true);
    expect(await hasher.verify('correct horse batterY', a)).toBe(false);
    expect(await hasher.verify('', a)).toBe(false);
  });

  it('never matches without a usable hash (unknown email, password-less account, tampered parameters)', async () => {
    const good = await hasher.hash('pw-1234567890');
    const parts = good.split('$');
    for (const stored of [null, '', 'no-login', good.replace('scrypt', 'bcrypt'), [...parts.slice(0, 1), '0', ...parts.slice(2)].join('$'), parts.slice(0, 5).join('$')]) {
      expect(await hasher.verify('pw-1234567890', stored)).toBe(false);
    }
  });

  it('reads the cost from the stored hash, so it can be raised later', async () => {
    // A hash made with other parameters (N = 2^14) still verifies.
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('older password', salt, 32, { N: 16384, r: 8, p: 1 });
    const stored = ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    expect(await hasher.verify('older password', stored)).toBe(true);
    expect(await hasher.verify('other password', stored)).toBe(false);
  });
});
