import { Injectable } from '@nestjs/common';
import { AppConfig, sha256Hex } from '@geckoguard/core';
import { RateLimiter } from '@geckoguard/database';
import { normalizeEmail } from '../domain/identity-rules.js';

/**
 * `LOGIN_RATE_LIMIT` (API.md §1): attempts per minute, per email and per client address; 0 turns it off.
 * Every attempt counts, successful or not, and is counted before the password is checked, so a refused
 * attempt costs no KDF work. The email is counted by its hash: typed addresses are not stored.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  /** Counts an attempt; returns the `X-Ratelimit-*` headers to send, or throws 429 RATE_LIMITED with them. */
  async check(email: string, ip: string): Promise<Record<string, string>> {
    const limit = this.config.loginRateLimit;
    return this.limiter.enforce(
      [
        { bucket: `login:email:${sha256Hex(normalizeEmail(email))}`, limit },
        { bucket: `login:ip:${ip}`, limit },
      ],
      'Too many login attempts; try again later',
    );
  }
}
