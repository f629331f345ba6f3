import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { insertLicense, insertOrg, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { licensing } from './support/licensing-client.js';
import { buildServer, startServerProcess, type ServerProcess } from './support/server-process.js';

/**
 * /licensing guarantees under real races, with one server process and with two sharing one database:
 * 50 parallel activations from distinct authContexts admit exactly one; with several processes the rate
 * limit and the misuse lock hold across them too.
 */
const N = 50;
const RATE_LIMIT = 60;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each([
  ['one server process', 1],
  ['two server processes', 2],
])('/licensing races with %s', (_label, processes) => {
  let t: TestApp;
  const others: ServerProcess[] = [];
  let orgId: string;
  let urls: string[];
  const env = { RATE_LIMIT_PER_LICENSE: String(RATE_LIMIT) };

  beforeAll(async () => {
    t = await startTestApp(env);
    orgId = await insertOrg(t);
    urls = [t.baseUrl];
    if (processes > 1) {
      const main = buildServerOnce();
      others.push(...(await Promise.all(Array.from({ length: processes - 1 }, () => startServerProcess(main, t.databaseUrl, env)))));
      urls.push(...others.map((p) => p.baseUrl));
    }
  }, 180_000);
  afterAll(async () => {
    await Promise.all(others.map((p) => p.stop()));
    await t.close();
  });

  async function license(policy: Record<string, unknown> = {}) {
    const code = `APP_${randomBytes(4).toString('hex').toUpperCase()}`;
    const productId = await insertProduct(t, orgId, policy, code);
    const { id, key } = await insertLicense(t, orgId, productId);
    return { id, key, code };
  }

  it(`${N} parallel activations from distinct authContexts admit exactly one`, async () => {
    const lic = await license();
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        licensing(urls[i % urls.length]!, 'activate', { licenseToken: lic.key, productCodes: [lic.code], authContext: `machine-${i}` }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const admitted = results.filter((r) => r.body.authStatus === 'Success');
    expect(admitted).toHaveLength(1);
    expect(new Set(results.filter((r) => r.body.authStatus !== 'Success').map((r) => r.body.reasonCode))).toEqual(new Set(['CONCURRENCY_LIMIT_EXCEEDED']));
    const sessions = (await t.dataSource.query(`SELECT count(*)::int AS n FROM sessions WHERE license_id = $1`, [lic.id])) as [{ n: number }];
    expect(sessions[0].n).toBe(1);
    const created = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE type = 'session.created' AND license_id = $1`, [lic.id])) as [
      { n: number },
    ];
    expect(created[0].n).toBe(1);
  });

  it(`${N} parallel activations against maxActive 3 admit exactly three`, async () => {
    const lic = await license({ limits: { concurrency: { mode: 'limit', maxActive: 3 } } });
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        licensing(urls[i % urls.length]!, 'activate', { licenseToken: lic.key, productCodes: [lic.code], authContext: `machine-${i}` }),
      ),
    );
    expect(results.filter((r) => r.body.authStatus === 'Success')).toHaveLength(3);
  });

  it(`the per-token rate limit (${RATE_LIMIT}/min) holds across the processes`, async () => {
    // Stay inside one rate-limit window (the processes use the real clock).
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await sleep(60_000 - intoMinute + 200);
    const lic = await license();
    const results = await Promise.all(
      Array.from({ length: RATE_LIMIT + 15 }, (_, i) => licensing(urls[i % urls.length]!, 'validate', { licenseToken: lic.key, productCodes: [lic.code] })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(RATE_LIMIT);
    expect(results.filter((r) => r.status === 429)).toHaveLength(15);
  }, 90_000);

  if (processes > 1) {
    it('misuse scans by every process lock each license exactly once', async () => {
      const misuse = { limits: { misuse: { mode: 'lock', maxDistinctContexts: 1, windowHours: 1 } } };
      const licenses = await Promise.all(Array.from({ length: 10 }, () => license(misuse)));
      for (const lic of licenses) {
        for (const ctx of ['a', 'b']) {
          expect((await licensing(t.baseUrl, 'validate', { licenseToken: lic.key, authContext: ctx })).body.authStatus).toBe('Success');
        }
      }
      // Two scanning processes at once, on the same candidates.
      const scanners = await Promise.all([0, 1].map(() => startServerProcess(buildServerOnce(), t.databaseUrl, { MISUSE_SCAN_INTERVAL_SECONDS: '1' })));
      try {
        const ids = licenses.map((l) => l.id);
        const deadline = Date.now() + 20_000;
        for (;;) {
          const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM licenses WHERE id = ANY($1) AND locked_at IS NOT NULL`, [ids])) as [{ n: number }];
          if (n === ids.length || Date.now() > deadline) break;
          await sleep(200);
        }
        await sleep(2500); // more scans by both processes must add nothing
        const rows = (await t.dataSource.query(
          `SELECT license_id, count(*)::int AS n FROM audit_events WHERE type = 'license.locked' AND license_id = ANY($1) GROUP BY license_id`,
          [ids],
        )) as Array<{ license_id: string; n: number }>;
        expect(rows).toHaveLength(ids.length);
        expect(rows.every((r) => r.n === 1)).toBe(true);
      } finally {
        await Promise.all(scanners.map((s) => s.stop()));
      }
    }, 60_000);
  }
});

let built: string | null = null;
/** The build of this file's beforeAll (buildServer compiles into one shared directory). */
function buildServerOnce(): string {
  built ??= buildServer('.data/test-build-licensing-race');
  return built;
}
