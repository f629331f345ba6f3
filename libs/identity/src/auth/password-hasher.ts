import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB, tens of ms). Stored with each hash, so it can be raised later. */
const COST = { N: 32768, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    // maxmem above 128·N·r, which the default (32 MiB) only just allows.
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...opts, maxmem: 256 * opts.N! * opts.r! }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

interface ParsedHash {
  opts: { N: number; r: number; p: number };
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20 || r > 32 || p > 16) return null;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const hash = Buffer.from(parts[5]!, 'base64url');
  if (salt.length === 0 || hash.length === 0) return null;
  return { opts: { N, r, p }, salt, hash };
}

/**
 * Passwords with scrypt and a random salt, stored as `scrypt$N$r$p$salt$hash` (base64url). A stored value
 * that is not such a hash (e.g. `no-login` for accounts made without a password) never matches.
 */
@Injectable()
export class PasswordHasher {
  private dummy: Promise<string> | null = null;

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(password, salt, COST);
    return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  /**
   * Whether `password` matches `stored`. With no stored hash (unknown email) or an unusable one, the KDF
   * still runs against a dummy hash, so the answer takes about as long either way.
   */
  async verify(password: string, stored: string | null): Promise<boolean> {
    const parsed = stored ? parse(stored) : null;
    const target = parsed ?? parse(await this.dummyHash())!;
    const key = await derive(password, target.salt, target.opts);
    const same = key.length === target.hash.length && timingSafeEqual(key, target.hash);
    return parsed !== null && same;
  }

  private dummyHash(): Promise<string> {
    this.dummy ??= this.hash(randomBytes(16).toString('hex'));
    return this.dummy;
  }
}
