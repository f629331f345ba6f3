import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { auditEvents, insertLicense, insertOrg, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { licensing, type LicensingReply } from './support/licensing-client.js';

const MINUTE = 60_000;

/** A pinned instant at the start of a rate-limit window, so a whole test runs inside one window. */
function pinToWindowStart(t: TestApp): Date {
  const start = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE);
  t.clock.set(start);
  return start;
}

/** A fresh public-looking address per test, so buckets never carry over (also on a shared Redis). */
const randomIp = () => `198.18.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0]! % 254)}`;

async function licenseOn(t: TestApp) {
  const orgId = await insertOrg(t);
  const code = `APP_${randomBytes(4).toString('hex').toUpperCase()}`;
  const productId = await insertProduct(t, orgId, {}, code);
  const license = await insertLicense(t, orgId, productId);
  return { orgId, code, license };
}

function expectRateLimited(res: LicensingReply, limit: number, resetAt: number, retryAfter: number) {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: expect.any(String), details: [], retryAfter } });
  expect(res.headers.get('retry-after')).toBe(String(retryAfter));
  expect(res.headers.get('x-ratelimit-limit')).toBe(String(limit));
  expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
  expect(res.headers.get('x-ratelimit-reset')).toBe(String(resetAt));
}

describe('/licensing/* rate limits per IP (RATE_LIMIT_PER_IP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_IP: '5', RATE_LIMIT_PER_LICENSE: '0', TRUST_PROXY: '1' });
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await t.close();
  });

  it('counts every call from one address across the endpoints, then answers 429 with Retry-After and X-Ratelimit-*', async () => {
    const start = pinToWindowStart(t);
    t.clock.advance(15_000);
    const resetAt = (start.getTime() + MINUTE) / 1000;
    const { orgId, code, license } = await licenseOn(t);
    const ip = randomIp();
    const from = { 'x-forwarded-for': ip };
    const body = { licenseToken: license.key, productCodes: [code], authContext: 'ctx' };

    const replies = [
      await licensing(t.baseUrl, 'validate', body, from),
      await licensing(t.baseUrl, 'activate', body, from),
      await licensing(t.baseUrl, 'extend', body, from),
      await licensing(t.baseUrl, 'validate', { productCodes: [code] }, from), // no token: still counted per IP
      await licensing(t.baseUrl, 'deactivate', { licenseToken: license.key, authContext: 'ctx' }, from),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 400, 204]);
    replies.forEach((r, i) => {
      expect(r.headers.get('x-ratelimit-limit')).toBe('5');
      expect(r.headers.get('x-ratelimit-remaining')).toBe(String(4 - i));
      expect(r.headers.get('x-ratelimit-reset')).toBe(String(resetAt));
    });

    const eventsBefore = (await auditEvents(t, orgId)).length;
    expectRateLimited(await licensing(t.baseUrl, 'validate', body, from), 5, resetAt, 45);
    expectRateLimited(await licensing(t.baseUrl, 'deactivate', { licenseToken: license.key, authContext: 'ctx' }, from), 5, resetAt, 45);
    expectRateLimited(await licensing(t.baseUrl, 'activate', {}, from), 5, resetAt, 45);
    // A refused call decides nothing and records nothing.
    expect((await auditEvents(t, orgId)).length).toBe(eventsBefore);

    // Another address has its own budget.
    const other = await licensing(t.baseUrl, 'validate', body, { 'x-forwarded-for': randomIp() });
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-remaining')).toBe('4');

    // The next window starts afresh.
    t.clock.advance(45_000);
    const next = await licensing(t.baseUrl, 'validate', body, from);
    expect(next.status).toBe(200);
    expect(next.headers.get('x-ratelimit-remaining')).toBe('4');
    expect(next.headers.get('x-ratelimit-reset')).toBe(String(resetAt + 60));
  });
});

describe('/licensing/* rate limits per license token (RATE_LIMIT_PER_LICENSE)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_LICENSE: '3', TRUST_PROXY: '1' });
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await t.close();
  });

  it('counts per token whatever the address or spelling, unknown tokens included', async () => {
    const start = pinToWindowStart(t);
    const resetAt = (start.getTime() + MINUTE) / 1000;
    const { code, license } = await licenseOn(t);
    const call = (token: string) => licensing(t.baseUrl, 'validate', { licenseToken: token, productCodes: [code] }, { 'x-forwarded-for': randomIp() });

    expect((await call(license.key)).headers.get('x-ratelimit-remaining')).toBe('2');
    expect((await call(license.key.toLowerCase())).headers.get('x-ratelimit-remaining')).toBe('1');
    expect((await call(` ${license.key} `)).status).toBe(200);
    expectRateLimited(await call(license.key), 3, resetAt, 60);

    // Another license has its own budget; so does an unknown token, which is limited all the same.
    const second = await licenseOn(t);
    expect((await call(second.license.key)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await call('UNKNOWN-TOKEN-42')).body.reasonCode).toBe('LICENSE_NOT_FOUND');
    expect((await call('UNKNOWN-TOKEN-42')).status).toBe(429);
  });
});

describe('/licensing/* with both limits off (0)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_LICENSE: '0' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('never refuses and sends no X-Ratelimit-* headers', async () => {
    const { code, license } = await licenseOn(t);
    for (let i = 0; i < 12; i++) {
      const res = await licensing(t.baseUrl, 'validate', { licenseToken: license.key, productCodes: [code] });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    }
    const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM rate_limit_counters`)) as [{ n: number }];
    expect(n).toBe(0);
  });
});

/** REDIS_URL set: the counters live in Redis (run with REDIS_URL=redis://127.0.0.1:6379; skipped otherwise). */
(process.env.REDIS_URL ? describe : describe.skip)('/licensing/* rate limits with REDIS_URL', () => {
  let t: TestApp;
  let redis: Redis;
  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: process.env.REDIS_URL!, RATE_LIMIT_PER_IP: '4', RATE_LIMIT_PER_LICENSE: '0', TRUST_PROXY: '1' });
    redis = new Redis(process.env.REDIS_URL!);
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await redis?.quit();
    await t?.close();
  });

  it('limits as with PostgreSQL, keeping its counters in Redis only', async () => {
    const start = pinToWindowStart(t);
    const resetAt = (start.getTime() + MINUTE) / 1000;
    const { code, license } = await licenseOn(t);
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await licensing(t.baseUrl, 'validate', { licenseToken: license.key, productCodes: [code] }, { 'x-forwarded-for': ip })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200]);
    expectRateLimited(await licensing(t.baseUrl, 'validate', { licenseToken: license.key }, { 'x-forwarded-for': ip }), 4, resetAt, 60);

    const key = `gg:rl:licensing:ip:${ip}:${start.getTime() / 1000}`;
    expect(await redis.get(key)).toBe('5');
    expect(await redis.pttl(key)).toBeGreaterThan(0);
    const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM rate_limit_counters`)) as [{ n: number }];
    expect(n).toBe(0);
  });
});
