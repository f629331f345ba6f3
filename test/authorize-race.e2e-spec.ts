import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertApiKey, insertLicense, insertOrg, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { authorize } from './support/authorize-client.js';
import { buildServer, startServerProcess, type ServerProcess } from './support/server-process.js';

/**
 * Limits hold under real races: 100 concurrent authorizations against one license admit exactly the limit,
 * with one server process and with two processes sharing the database.
 */
const N = 100;

/** One public IPv4 address per distinct country, found in geoip-lite's own table. */
async function addressesInDistinctCountries(count: number): Promise<string[]> {
  const geoip = ((await import('geoip-lite')) as any).default ?? (await import('geoip-lite'));
  const byCountry = new Map<string, string>();
  for (let a = 1; a < 224 && byCountry.size < count; a++) {
    for (let b = 0; b < 256 && byCountry.size < count; b += 3) {
      const ip = `${a}.${b}.${(a * 7 + b) % 256}.${(a + b * 13) % 254 + 1}`;
      const country = geoip.lookup(ip)?.country as string | undefined;
      if (country && country !== 'ZZ' && !byCountry.has(country)) byCountry.set(country, ip);
    }
  }
  return [...byCountry.values()];
}

describe.each([
  ['one server process', 1],
  ['two server processes', 2],
])('authorization races with %s', (_label, processes) => {
  let t: TestApp;
  let second: ServerProcess | null = null;
  let orgId: string;
  let urls: string[];

  beforeAll(async () => {
    t = await startTestApp();
    orgId = await insertOrg(t);
    urls = [t.baseUrl];
    if (processes === 2) {
      second = await startServerProcess(buildServer('.data/test-build-authorize-race'), t.databaseUrl);
      urls.push(second.baseUrl);
    }
  }, 120_000);
  afterAll(async () => {
    await second?.stop();
    await t.close();
  });

  async function race(policy: Record<string, unknown>, body: (i: number) => Record<string, string>, calls = N) {
    const productId = await insertProduct(t, orgId, policy);
    const apiKey = await insertApiKey(t, orgId, productId, ['license:authorize', 'license:assert-ip']);
    const license = await insertLicense(t, orgId, productId);
    const results = await Promise.all(
      Array.from({ length: calls }, (_, i) => authorize(urls[i % urls.length]!, apiKey.key, { productId, licenseKey: license.key, ...body(i) })),
    );
    expect(results.every((r) => r.status === 200 || r.status === 403)).toBe(true);
    return { licenseId: license.id, allowed: results.filter((r) => r.status === 200), denied: results.filter((r) => r.status === 403) };
  }

  it(`${N} distinct HWIDs against maxDistinct 3 admit exactly 3`, async () => {
    const { licenseId, allowed, denied } = await race({ limits: { hwid: { mode: 'limit', maxDistinct: 3 } } }, (i) => ({ hwid: `hwid-${i}` }));
    expect(allowed).toHaveLength(3);
    expect(new Set(denied.map((r) => r.body.reasonCode))).toEqual(new Set(['HWID_LIMIT_EXCEEDED']));
    const [{ count }] = (await t.dataSource.query(`SELECT count(*)::int AS count FROM bindings WHERE license_id = $1 AND type = 'HWID'`, [licenseId])) as [{ count: number }];
    expect(count).toBe(3);
  });

  it(`${N} distinct sessions against maxActive 2 admit exactly 2`, async () => {
    const { licenseId, allowed, denied } = await race({ limits: { concurrency: { mode: 'limit', maxActive: 2 } } }, (i) => ({ sessionId: `session-${i}` }));
    expect(allowed).toHaveLength(2);
    expect(new Set(denied.map((r) => r.body.reasonCode))).toEqual(new Set(['CONCURRENCY_LIMIT_EXCEEDED']));
    const [{ count }] = (await t.dataSource.query(`SELECT count(*)::int AS count FROM sessions WHERE license_id = $1`, [licenseId])) as [{ count: number }];
    expect(count).toBe(2);
  });

  it(`${N} calls from distinct countries against a region limit of 3 admit exactly 3`, async () => {
    const ips = await addressesInDistinctCountries(N);
    expect(ips).toHaveLength(N);
    const { licenseId, allowed, denied } = await race(
      { limits: { ip: { mode: 'limit', maxDistinct: 3, limitType: 'region' } } },
      (i) => ({ ip: ips[i]! }),
      ips.length,
    );
    expect(allowed).toHaveLength(3);
    expect(new Set(denied.map((r) => r.body.reasonCode))).toEqual(new Set(['REGION_LIMIT_EXCEEDED']));
    const rows = (await t.dataSource.query(`SELECT DISTINCT region FROM bindings WHERE license_id = $1 AND type = 'IP'`, [licenseId])) as unknown[];
    expect(rows).toHaveLength(3);
    const [{ count }] = (await t.dataSource.query(`SELECT count(*)::int AS count FROM bindings WHERE license_id = $1 AND type = 'IP'`, [licenseId])) as [{ count: number }];
    expect(count).toBe(3);
  });
});
