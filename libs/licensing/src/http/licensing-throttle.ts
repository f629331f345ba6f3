import { Injectable } from '@nestjs/common';
import { normalizeIp } from '@geckoguard/bindings';
import { AppConfig, hashLicenseKey, normalizeLicenseKey } from '@geckoguard/core';
import { RateLimiter } from '@geckoguard/database';

/**
 * The /licensing/* limits of API.md §1: RATE_LIMIT_PER_IP and RATE_LIMIT_PER_LICENSE hits per minute (0 turns
 * one off), counted by the shared RateLimiter (PostgreSQL, or Redis with REDIS_URL), so they hold across
 * server processes. Every call counts, refused ones included. An IPv6 caller counts per /64, as the IP rules
 * do; a token counts by the hash of its normalized form, so spellings of one key share a budget.
 */
@Injectable()
export class LicensingThrottle {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  /** Counts a call; returns the `X-Ratelimit-*` headers to send (none while both limits are off), or throws 429 RATE_LIMITED with them. */
  async check(ip: string, licenseToken: string | null): Promise<Record<string, string>> {
    const buckets = [{ bucket: `licensing:ip:${normalizeIp(ip)?.value ?? ip}`, limit: this.config.rateLimitPerIp }];
    if (licenseToken !== null) {
      buckets.push({ bucket: `licensing:license:${hashLicenseKey(normalizeLicenseKey(licenseToken))}`, limit: this.config.rateLimitPerLicense });
    }
    return this.limiter.enforce(buckets, 'Too many requests; try again later');
  }
}
