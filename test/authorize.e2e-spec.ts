import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { auditEvents, insertApiKey, insertLicense, insertOrg, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { authorize, postRaw, signedHeaders } from './support/authorize-client.js';

const sha = (v: string) => createHash('sha256').update(v).digest('hex');
const DAY = 86_400_000;

describe('POST /v1/licenses/authorize', () => {
  let t: TestApp;
  let orgId: string;

  beforeAll(async () => {
    t = await startTestApp();
    orgId = await insertOrg(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function setup(policy: Record<string, unknown> = {}, permissions: string[] = ['license:authorize', 'license:assert-ip']) {
    const productId = await insertProduct(t, orgId, policy);
    const apiKey = await insertApiKey(t, orgId, productId, permissions);
    const call = (body: Partial<Parameters<typeof authorize>[2]> & { licenseKey: string }) =>
      authorize(t.baseUrl, apiKey.key, { productId, ...body });
    return { productId, apiKey, call };
  }

  async function eventsOf(licenseId: string | null, type?: string) {
    return (await auditEvents(t, orgId)).filter((e) => e.license_id === licenseId && (!type || e.type === type));
  }

  it('knows a presented binding that a decision would not load by age or by recency (unlimited mode)', async () => {
    const { productId, call } = await setup({ limits: { hwid: { mode: 'unlimited' }, ip: { mode: 'unlimited' } } });
    const license = await insertLicense(t, orgId, productId);
    // 1,010 HWID bindings; the presented one is neither the oldest nor among the most recently seen, the others a
    // decision loads besides the presented ones.
    await t.dataSource.query(
      `INSERT INTO bindings (license_id, type, value_hash, first_seen_at, last_seen_at)
       SELECT $1, 'HWID', encode(sha256(('machine-' || n)::bytea), 'hex'), $2::timestamptz + n * interval '1 second',
              CASE WHEN n = 1010 THEN $2::timestamptz + interval '1 hour' ELSE now() END
         FROM generate_series(1, 1010) n`,
      [license.id, new Date(Date.now() - 30 * DAY)],
    );
    const res = await call({ licenseKey: license.key, hwid: 'machine-1010' });
    expect(res.status).toBe(200);
    expect(await eventsOf(license.id, 'binding.created')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ type: 'IP' }) }),
    ]);
    const hwids = (await t.dataSource.query(`SELECT count(*)::int AS n FROM bindings WHERE license_id = $1 AND type = 'HWID'`, [license.id])) as Array<{ n: number }>;
    expect(hwids[0]!.n).toBe(1010);

    // The same for the address, on a call that presents no HWID.
    const second = await insertLicense(t, orgId, productId);
    await t.dataSource.query(
      `INSERT INTO bindings (license_id, type, value_hash, first_seen_at, last_seen_at)
       SELECT $1, 'IP', CASE WHEN n = 1010 THEN $3 ELSE encode(sha256(('ip-' || n)::bytea), 'hex') END, $2::timestamptz + n * interval '1 second',
              CASE WHEN n = 1010 THEN $2::timestamptz + interval '1 hour' ELSE now() END
         FROM generate_series(1, 1010) n`,
      [second.id, new Date(Date.now() - 30 * DAY), sha('127.0.0.1')],
    );
    expect((await call({ licenseKey: second.key })).status).toBe(200);
    expect(await eventsOf(second.id, 'binding.created')).toEqual([]);
  });

  it('counts the addresses seen within the IP window however many older bindings a license has', async () => {
    const { productId, call } = await setup({ limits: { ip: { mode: 'limit', maxDistinct: 2, windowDays: 1 } } });
    const license = await insertLicense(t, orgId, productId);
    // Years of dynamic addresses: 1,010 bindings last seen long before the window, then two seen within it.
    await t.dataSource.query(
      `INSERT INTO bindings (license_id, type, value_hash, first_seen_at, last_seen_at)
       SELECT $1, 'IP', encode(sha256(('old-' || n)::bytea), 'hex'), $2::timestamptz + n * interval '1 minute', $2::timestamptz + n * interval '1 minute'
         FROM generate_series(1, 1010) n`,
      [license.id, new Date(Date.now() - 400 * DAY)],
    );
    await t.dataSource.query(
      `INSERT INTO bindings (license_id, type, value_hash, first_seen_at, last_seen_at) VALUES ($1, 'IP', $2, now(), now()), ($1, 'IP', $3, now(), now())`,
      [license.id, sha('198.51.100.1'), sha('198.51.100.2')],
    );
    expect((await call({ licenseKey: license.key, ip: '198.51.100.3' })).body.reasonCode).toBe('IP_LIMIT_EXCEEDED');
    expect((await call({ licenseKey: license.key, ip: '198.51.100.2' })).body).toMatchObject({ allow: true, limits: { remaining: { ip: 0 } } });
  });

  it('counts every HWID under a limit however many addresses were seen after them', async () => {
    const { productId, call } = await setup({ limits: { hwid: { mode: 'limit', maxDistinct: 3 }, ip: { mode: 'unlimited' } } });
    const license = await insertLicense(t, orgId, productId);
    // Three machines last used weeks ago, then 1,010 addresses (bound in every mode) seen since: the machines are
    // neither the most recently seen bindings nor, but for the first, the oldest.
    await t.dataSource.query(
      `INSERT INTO bindings (license_id, type, value_hash, first_seen_at, last_seen_at)
       SELECT $1, 'HWID', encode(sha256(('machine-' || n)::bytea), 'hex'), $2::timestamptz + n * interval '1 minute', $2::timestamptz + interval '1 day'
         FROM generate_series(1, 3) n`,
      [license.id, new Date(Date.now() - 30 * DAY)],
    );
    await t.dataSource.query(
      `INSERT INTO bindings (license_id, type, value_hash, first_seen_at, last_seen_at)
       SELECT $1, 'IP', encode(sha256(('ip-' || n)::bytea), 'hex'), now() - interval '1 day', now() FROM generate_series(1, 1010) n`,
      [license.id],
    );
    expect((await call({ licenseKey: license.key, hwid: 'machine-4' })).body.reasonCode).toBe('HWID_LIMIT_EXCEEDED');
    expect((await call({ licenseKey: license.key, hwid: 'machine-2' })).body).toMatchObject({ allow: true, limits: { remaining: { hwid: 0 } } });
  });

  it('counts every region under a region limit however many addresses a license has', async () => {
    const { productId, call } = await setup({ limits: { ip: { mode: 'limit', maxDistinct: 2, limitType: 'region' } } });
    const license = await insertLicense(t, orgId, productId);
    // The first address is American, one German address was last seen weeks ago, and 1,010 American ones since.
    await t.dataSource.query(
      `INSERT INTO bindings (license_id, type, value_hash, region, first_seen_at, last_seen_at) VALUES
         ($1, 'IP', $3, 'US', $2::timestamptz, now()),
         ($1, 'IP', encode(sha256('de-1'::bytea), 'hex'), 'DE', $2::timestamptz + interval '1 minute', $2::timestamptz + interval '1 day')`,
      [license.id, new Date(Date.now() - 30 * DAY), sha('8.8.8.8')],
    );
    await t.dataSource.query(
      `INSERT INTO bindings (license_id, type, value_hash, region, first_seen_at, last_seen_at)
       SELECT $1, 'IP', encode(sha256(('us-' || n)::bytea), 'hex'), 'US', now() - interval '1 day', now() FROM generate_series(1, 1010) n`,
      [license.id],
    );
    expect((await call({ licenseKey: license.key, ip: '81.2.69.142' })).body.reasonCode).toBe('REGION_LIMIT_EXCEEDED'); // GB
    expect((await call({ licenseKey: license.key, ip: '8.8.4.4' })).body).toMatchObject({ allow: true, limits: { remaining: { ip: 0 } } }); // US
  });

  it('counts every address under a limit above the bindings a decision loads at once', async () => {
    const { productId, call } = await setup({ limits: { ip: { mode: 'limit', maxDistinct: 1500 } } });
    const license = await insertLicense(t, orgId, productId);
    await t.dataSource.query(
      `INSERT INTO bindings (license_id, type, value_hash, first_seen_at, last_seen_at)
       SELECT $1, 'IP', CASE WHEN n = 1 THEN $2 ELSE encode(sha256(('ip-' || n)::bytea), 'hex') END, now() - n * interval '1 second', now() - n * interval '1 second'
         FROM generate_series(1, 1500) n`,
      [license.id, sha('192.0.2.77')],
    );
    expect((await call({ licenseKey: license.key, ip: '192.0.2.78' })).body.reasonCode).toBe('IP_LIMIT_EXCEEDED');
    expect((await call({ licenseKey: license.key, ip: '192.0.2.77' })).body).toMatchObject({ allow: true, limits: { remaining: { ip: 0 } } });
    // One address fewer, and the new one is admitted as the last.
    await t.dataSource.query(`UPDATE bindings SET revoked_at = now() WHERE license_id = $1 AND value_hash = $2`, [license.id, sha('ip-1500')]);
    expect((await call({ licenseKey: license.key, ip: '192.0.2.78' })).body).toMatchObject({ allow: true, limits: { remaining: { ip: 0 } } });
  });

  it('keeps a sticky HWID to the oldest binding however many later ones a license has', async () => {
    const { productId, call } = await setup({ limits: { hwid: { mode: 'sticky' } } });
    const license = await insertLicense(t, orgId, productId);
    // Bound while the product was unlimited: the first machine, last seen long ago, then 1,010 more seen recently.
    await t.dataSource.query(
      `INSERT INTO bindings (license_id, type, value_hash, first_seen_at, last_seen_at)
       SELECT $1, 'HWID', encode(sha256(('machine-' || n)::bytea), 'hex'), $2::timestamptz + n * interval '1 minute',
              CASE WHEN n = 0 THEN $2::timestamptz ELSE now() END
         FROM generate_series(0, 1010) n`,
      [license.id, new Date(Date.now() - 30 * DAY)],
    );
    // machine-1 is the oldest of the recently seen ones: without the first machine it would pass as the sticky one.
    expect((await call({ licenseKey: license.key, hwid: 'machine-1' })).body.reasonCode).toBe('HWID_MISMATCH');
    expect((await call({ licenseKey: license.key, hwid: 'machine-0' })).status).toBe(200);
  });

  it('allows, activates, records bindings, session and events', async () => {
    const { productId, apiKey, call } = await setup({ limits: { hwid: { mode: 'limit', maxDistinct: 2 }, concurrency: { mode: 'limit', maxActive: 2 } } });
    const license = await insertLicense(t, orgId, productId, { expirationMode: 'afterActivation', expiresAfterDays: 30 });
    const res = await call({ licenseKey: license.key, hwid: 'machine-1', ip: '203.0.113.7', sessionId: 's-1', deviceId: 'dev-1' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: true,
      allow: true,
      reasonCode: 'ALLOW',
      limits: { remaining: { hwid: 1, ip: 'unlimited', concurrency: 1 } },
      license: { id: license.id, status: 'ACTIVE', frozen: false, isTrial: false },
      expiresAt: null,
      expiresAfterDays: 30,
      dryRun: false,
    });
    expect(typeof res.body.policy.summary).toBe('string');
    expect(res.body.session.id).toMatch(/^[0-9a-f-]{36}$/);
    const activatedAt = new Date(res.body.activatedAt).getTime();
    expect(new Date(res.body.effectiveExpiresAt).getTime()).toBe(activatedAt + 30 * DAY);

    const [lic] = (await t.dataSource.query('SELECT activated_at FROM licenses WHERE id = $1', [license.id])) as Array<{ activated_at: Date }>;
    expect(lic!.activated_at.getTime()).toBe(activatedAt);
    const bindings = (await t.dataSource.query('SELECT type, value_hash FROM bindings WHERE license_id = $1 ORDER BY type', [license.id])) as Array<{
      type: string;
      value_hash: string;
    }>;
    expect(bindings).toEqual([
      { type: 'HWID', value_hash: sha('machine-1') },
      { type: 'IP', value_hash: sha('203.0.113.7') },
    ]);
    const sessions = (await t.dataSource.query('SELECT session_id_hash, device_id FROM sessions WHERE license_id = $1', [license.id])) as unknown[];
    expect(sessions).toEqual([{ session_id_hash: sha('s-1'), device_id: 'dev-1' }]);

    const events = await eventsOf(license.id);
    expect(events.map((e) => e.type).sort()).toEqual(['binding.created', 'binding.created', 'license.authorized', 'session.created']);
    const authorized = events.find((e) => e.type === 'license.authorized')!;
    expect(authorized.data).toMatchObject({ wasActivated: true, effectiveExpiresAt: res.body.effectiveExpiresAt });
    expect(authorized.actor_type).toBe('api_key');
    expect(authorized.actor_id).toBe(apiKey.id);

    // Re-validation from the same machine and session: no new bindings or sessions, not activated again.
    const again = await call({ licenseKey: license.key, hwid: 'machine-1', ip: '203.0.113.7', sessionId: 's-1' });
    expect(again.status).toBe(200);
    expect(again.body.activatedAt).toBe(res.body.activatedAt);
    const after = await eventsOf(license.id);
    expect(after.filter((e) => e.type === 'binding.created')).toHaveLength(2);
    expect(after.filter((e) => e.type === 'session.created')).toHaveLength(1);
    expect(after.filter((e) => e.type === 'license.authorized').map((e) => e.data.wasActivated)).toEqual([true, false]);
  });

  it('normalizes the license key (case, spaces) before lookup', async () => {
    const { productId, call } = await setup();
    const license = await insertLicense(t, orgId, productId);
    const res = await call({ licenseKey: ` ${license.key.toLowerCase().slice(0, 6)} ${license.key.toLowerCase().slice(6)}` });
    expect(res.status).toBe(200);
  });

  it('LICENSE_NOT_FOUND is 404 with a decision body and an event without license', async () => {
    const { productId, call } = await setup();
    const res = await call({ licenseKey: 'NO-SUCH-KEY-123' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ ok: false, allow: false, reasonCode: 'LICENSE_NOT_FOUND', error: 'LICENSE_NOT_FOUND', message: expect.any(String), dryRun: false });
    const denied = (await auditEvents(t, orgId)).filter((e) => e.type === 'license.authorization_denied' && e.product_id === productId);
    expect(denied).toHaveLength(1);
    expect(denied[0]!.license_id).toBeNull();
    expect(denied[0]!.data.reasonCode).toBe('LICENSE_NOT_FOUND');
  });

  it("a license of another organization is not found", async () => {
    const otherOrg = await insertOrg(t);
    const otherProduct = await insertProduct(t, otherOrg);
    const foreign = await insertLicense(t, otherOrg, otherProduct);
    const { call } = await setup();
    const res = await call({ licenseKey: foreign.key });
    expect(res.status).toBe(404);
    expect(res.body.reasonCode).toBe('LICENSE_NOT_FOUND');
  });

  it('PRODUCT_MISMATCH for a license of another product of the org', async () => {
    const { call } = await setup();
    const otherProduct = await insertProduct(t, orgId);
    const license = await insertLicense(t, orgId, otherProduct);
    const res = await call({ licenseKey: license.key });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ ok: false, allow: false, reasonCode: 'PRODUCT_MISMATCH', message: expect.any(String), dryRun: false });
  });

  it.each([
    ['LICENSE_REVOKED', { revokedAt: new Date(), lockedAt: new Date() }],
    ['LICENSE_LOCKED', { lockedAt: new Date() }],
    ['LICENSE_EXPIRED', { expirationMode: 'fixed' as const, expiresAt: new Date(Date.now() - 1000) }],
    ['LICENSE_EXPIRED_RELATIVE', { expirationMode: 'afterActivation' as const, expiresAfterDays: 1, activatedAt: new Date(Date.now() - 2 * DAY) }],
  ])('%s', async (code, fields) => {
    const { productId, call } = await setup();
    const license = await insertLicense(t, orgId, productId, fields);
    const res = await call({ licenseKey: license.key, hwid: 'h' });
    expect(res.status).toBe(403);
    expect(res.body.reasonCode).toBe(code);
    expect((await eventsOf(license.id, 'license.authorization_denied')).map((e) => e.data.reasonCode)).toEqual([code]);
    expect(await t.dataSource.query('SELECT 1 FROM bindings WHERE license_id = $1', [license.id])).toEqual([]);
  });

  it('a frozen license authorizes and does not expire while frozen', async () => {
    const { productId, call } = await setup();
    const license = await insertLicense(t, orgId, productId, {
      expirationMode: 'fixed',
      expiresAt: new Date(Date.now() - 1000),
      frozenAt: new Date(Date.now() - 2 * DAY),
    });
    const res = await call({ licenseKey: license.key });
    expect(res.status).toBe(200);
    expect(res.body.license).toMatchObject({ status: 'FROZEN', frozen: true });
  });

  it('HWID_BLACKLISTED and IP_BLACKLISTED (CIDR range) with the entry reason as message', async () => {
    const { productId, call } = await setup();
    const license = await insertLicense(t, orgId, productId);
    await t.dataSource.query(
      `INSERT INTO blacklist_entries (org_id, product_id, type, value, value_hash, network, reason, created_at, updated_at)
       VALUES ($1, $2, 'HWID', 'bad-hwid', $3, NULL, 'chargeback', now(), now()),
              ($1, $2, 'IP', '198.51.100.0/24', $4, '198.51.100.0/24', 'abuse range', now(), now())`,
      [orgId, productId, sha('bad-hwid'), sha('198.51.100.0/24')],
    );
    const hwid = await call({ licenseKey: license.key, hwid: 'bad-hwid', ip: '198.51.100.9' });
    expect(hwid.status).toBe(403);
    expect(hwid.body).toMatchObject({ reasonCode: 'HWID_BLACKLISTED', message: 'chargeback' });
    const ip = await call({ licenseKey: license.key, hwid: 'good', ip: '198.51.100.9' });
    expect(ip.body).toMatchObject({ reasonCode: 'IP_BLACKLISTED', message: 'abuse range' });
    const ok = await call({ licenseKey: license.key, hwid: 'good', ip: '198.51.101.9' });
    expect(ok.status).toBe(200);
  });

  it('HWID_REQUIRED, HWID_MISMATCH (sticky), HWID_LIMIT_EXCEEDED (limit)', async () => {
    const sticky = await setup({ limits: { hwid: { mode: 'sticky' } } });
    const a = await insertLicense(t, orgId, sticky.productId);
    expect((await sticky.call({ licenseKey: a.key })).body.reasonCode).toBe('HWID_REQUIRED');
    const first = await sticky.call({ licenseKey: a.key, hwid: 'one' });
    expect(first.body.limits.remaining.hwid).toBe(0);
    expect((await sticky.call({ licenseKey: a.key, hwid: 'two' })).body.reasonCode).toBe('HWID_MISMATCH');
    expect((await sticky.call({ licenseKey: a.key, hwid: 'one' })).status).toBe(200);

    const limited = await setup({ limits: { hwid: { mode: 'limit', maxDistinct: 2 } } });
    const b = await insertLicense(t, orgId, limited.productId);
    expect((await limited.call({ licenseKey: b.key, hwid: 'one' })).body.limits.remaining.hwid).toBe(1);
    expect((await limited.call({ licenseKey: b.key, hwid: 'two' })).body.limits.remaining.hwid).toBe(0);
    expect((await limited.call({ licenseKey: b.key, hwid: 'three' })).body.reasonCode).toBe('HWID_LIMIT_EXCEEDED');
    expect((await limited.call({ licenseKey: b.key, hwid: 'one' })).status).toBe(200);
  });

  it('IP_MISMATCH, IP_LIMIT_EXCEEDED, and the window: an address last seen before it counts as new', async () => {
    const sticky = await setup({ limits: { ip: { mode: 'sticky' } } });
    const a = await insertLicense(t, orgId, sticky.productId);
    expect((await sticky.call({ licenseKey: a.key, ip: '192.0.2.1' })).status).toBe(200);
    expect((await sticky.call({ licenseKey: a.key, ip: '192.0.2.2' })).body.reasonCode).toBe('IP_MISMATCH');

    const limited = await setup({ limits: { ip: { mode: 'limit', maxDistinct: 1, windowDays: 7 } } });
    const b = await insertLicense(t, orgId, limited.productId);
    expect((await limited.call({ licenseKey: b.key, ip: '192.0.2.1' })).status).toBe(200);
    expect((await limited.call({ licenseKey: b.key, ip: '192.0.2.2' })).body.reasonCode).toBe('IP_LIMIT_EXCEEDED');
    // Eight days later the first address is outside the window: a new one may take its place.
    await t.dataSource.query(`UPDATE bindings SET last_seen_at = last_seen_at - interval '8 days' WHERE license_id = $1`, [b.id]);
    expect((await limited.call({ licenseKey: b.key, ip: '192.0.2.2' })).status).toBe(200);
    // ...and now the old address is the new one beyond the limit.
    expect((await limited.call({ licenseKey: b.key, ip: '192.0.2.1' })).body.reasonCode).toBe('IP_LIMIT_EXCEEDED');
  });

  it('IPv6 addresses count per /64 and IPv4-mapped addresses as IPv4', async () => {
    const limited = await setup({ limits: { ip: { mode: 'limit', maxDistinct: 1 } } });
    const a = await insertLicense(t, orgId, limited.productId);
    expect((await limited.call({ licenseKey: a.key, ip: '2001:db8:1:2::1' })).status).toBe(200);
    expect((await limited.call({ licenseKey: a.key, ip: '2001:db8:1:2:ffff::9' })).status).toBe(200);
    expect((await limited.call({ licenseKey: a.key, ip: '2001:db8:1:3::1' })).body.reasonCode).toBe('IP_LIMIT_EXCEEDED');
    const b = await insertLicense(t, orgId, limited.productId);
    expect((await limited.call({ licenseKey: b.key, ip: '::ffff:192.0.2.5' })).status).toBe(200);
    expect((await limited.call({ licenseKey: b.key, ip: '192.0.2.5' })).status).toBe(200);
  });

  it('REGION_MISMATCH and REGION_LIMIT_EXCEEDED use country codes', async () => {
    const sticky = await setup({ limits: { ip: { mode: 'sticky', limitType: 'region' } } });
    const a = await insertLicense(t, orgId, sticky.productId);
    expect((await sticky.call({ licenseKey: a.key, ip: '8.8.8.8' })).status).toBe(200); // US
    expect((await sticky.call({ licenseKey: a.key, ip: '8.8.4.4' })).status).toBe(200); // US, another address
    expect((await sticky.call({ licenseKey: a.key, ip: '81.2.69.142' })).body.reasonCode).toBe('REGION_MISMATCH'); // GB
    const [row] = (await t.dataSource.query(`SELECT region FROM bindings WHERE license_id = $1 AND type = 'IP' LIMIT 1`, [a.id])) as Array<{ region: string }>;
    expect(row!.region).toBe('US');

    const limited = await setup({ limits: { ip: { mode: 'limit', maxDistinct: 1, limitType: 'region' } } });
    const b = await insertLicense(t, orgId, limited.productId);
    expect((await limited.call({ licenseKey: b.key, ip: '10.0.0.1' })).status).toBe(200); // private: ZZ
    expect((await limited.call({ licenseKey: b.key, ip: '8.8.8.8' })).body.reasonCode).toBe('REGION_LIMIT_EXCEEDED');
  });

  it('SESSION_REQUIRED, CONCURRENCY_LIMIT_EXCEEDED, SESSION_REVOKED, and stale sessions expiring', async () => {
    const { productId, call } = await setup({ limits: { concurrency: { mode: 'limit', maxActive: 1, sessionTtlSeconds: 60 } } });
    const license = await insertLicense(t, orgId, productId);
    expect((await call({ licenseKey: license.key })).body.reasonCode).toBe('SESSION_REQUIRED');
    expect((await call({ licenseKey: license.key, sessionId: 'a' })).body.limits.remaining.concurrency).toBe(0);
    expect((await call({ licenseKey: license.key, sessionId: 'b' })).body.reasonCode).toBe('CONCURRENCY_LIMIT_EXCEEDED');
    // Session a lapses after its TTL: b is admitted.
    await t.dataSource.query(`UPDATE sessions SET last_seen_at = last_seen_at - interval '61 seconds' WHERE license_id = $1`, [license.id]);
    expect((await call({ licenseKey: license.key, sessionId: 'b' })).status).toBe(200);
    // A revoked session id is refused, in limit mode and in unlimited mode alike.
    await t.dataSource.query(`UPDATE sessions SET revoked_at = now() WHERE license_id = $1 AND session_id_hash = $2`, [license.id, sha('b')]);
    expect((await call({ licenseKey: license.key, sessionId: 'b' })).body.reasonCode).toBe('SESSION_REVOKED');
    expect((await call({ licenseKey: license.key, sessionId: 'c' })).status).toBe(200);

    const unlimited = await setup();
    const other = await insertLicense(t, orgId, unlimited.productId);
    expect((await unlimited.call({ licenseKey: other.key, sessionId: 'x' })).status).toBe(200);
    await t.dataSource.query(`UPDATE sessions SET revoked_at = now() WHERE license_id = $1`, [other.id]);
    expect((await unlimited.call({ licenseKey: other.key, sessionId: 'x' })).body.reasonCode).toBe('SESSION_REVOKED');
  });

  it('dryRun decides the same and writes nothing', async () => {
    const { productId, call } = await setup({ limits: { hwid: { mode: 'limit', maxDistinct: 1 } } });
    const license = await insertLicense(t, orgId, productId);
    const res = await call({ licenseKey: license.key, hwid: 'a', sessionId: 's', dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ allow: true, dryRun: true, activatedAt: null, session: null });
    expect(await t.dataSource.query('SELECT 1 FROM bindings WHERE license_id = $1', [license.id])).toEqual([]);
    expect(await t.dataSource.query('SELECT 1 FROM sessions WHERE license_id = $1', [license.id])).toEqual([]);
    expect(await eventsOf(license.id)).toEqual([]);
    const [lic] = (await t.dataSource.query('SELECT activated_at FROM licenses WHERE id = $1', [license.id])) as Array<{ activated_at: Date | null }>;
    expect(lic!.activated_at).toBeNull();
    await call({ licenseKey: license.key, hwid: 'a' });
    const denied = await call({ licenseKey: license.key, hwid: 'b', dryRun: true });
    expect(denied.body).toMatchObject({ allow: false, reasonCode: 'HWID_LIMIT_EXCEEDED', dryRun: true });
    expect(await eventsOf(license.id, 'license.authorization_denied')).toEqual([]);
  });

  it('ignores the body ip for keys without license:assert-ip', async () => {
    const { productId, call } = await setup({ limits: { ip: { mode: 'limit', maxDistinct: 1 } } }, ['license:authorize']);
    const license = await insertLicense(t, orgId, productId);
    expect((await call({ licenseKey: license.key, ip: '192.0.2.1' })).status).toBe(200);
    expect((await call({ licenseKey: license.key, ip: '192.0.2.2' })).status).toBe(200);
    const rows = (await t.dataSource.query(`SELECT value_hash FROM bindings WHERE license_id = $1 AND type = 'IP'`, [license.id])) as Array<{ value_hash: string }>;
    expect(rows).toEqual([{ value_hash: sha('127.0.0.1') }]);
  });

  it('requires a signature, the permission, and a valid body', async () => {
    const { productId, apiKey } = await setup();
    const unsigned = await fetch(`${t.baseUrl}/v1/licenses/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey.key },
      body: JSON.stringify({ productId, licenseKey: 'X' }),
    });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as any).error.code).toBe('SIGNATURE_REQUIRED');

    const noPermission = await insertApiKey(t, orgId, productId, ['license:read']);
    const denied = await authorize(t.baseUrl, noPermission.key, { productId, licenseKey: 'X' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('PERMISSION_DENIED');

    const noKey = await fetch(`${t.baseUrl}/v1/licenses/authorize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noKey.status).toBe(401);

    const bad = await authorize(t.baseUrl, apiKey.key, { productId: 'not-a-uuid', licenseKey: '', hwid: 'x'.repeat(257), extra: 1 } as never);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_ERROR');
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(expect.arrayContaining(['extra', 'hwid', 'licenseKey', 'productId']));

    const badIp = await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: 'X', ip: 'not-an-ip' });
    expect(badIp.status).toBe(400);
  });

  it('answers in the order of API.md §1 (key, signature, permission, body, replay), though the key is checked inside the decision', async () => {
    const { productId, apiKey } = await setup({ limits: { hwid: { mode: 'limit', maxDistinct: 1 } } });
    const license = await insertLicense(t, orgId, productId);
    const invalidBody = { productId: 'not-a-uuid', licenseKey: '' } as never;
    const code = (res: { body: any }) => res.body.error.code;
    const nonces = async (keyId: string) =>
      Number(((await t.dataSource.query('SELECT count(*)::int AS n FROM request_nonces WHERE api_key_id = $1', [keyId])) as Array<{ n: number }>)[0]!.n);

    // An unknown key is 401 before its signature or body is looked at.
    const unknown = `gg_${'x'.repeat(40)}`;
    expect(await authorize(t.baseUrl, unknown, invalidBody)).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    expect(await authorize(t.baseUrl, unknown, { productId, licenseKey: license.key, hwid: 'a' })).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    const unsignedUnknown = await fetch(`${t.baseUrl}/v1/licenses/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': unknown },
      body: JSON.stringify({ productId, licenseKey: license.key }),
    });
    expect(unsignedUnknown.status).toBe(401);
    expect(((await unsignedUnknown.json()) as any).error.code).toBe('UNAUTHORIZED');

    // A wrong signature comes before the body.
    const badSignature = await authorize(t.baseUrl, apiKey.key, invalidBody, { 'x-gg-signature': 'f'.repeat(64) });
    expect(badSignature.status).toBe(401);
    expect(code(badSignature)).toBe('SIGNATURE_INVALID');

    // A key without the permission is 403 whatever the body, claims no nonce, and decides nothing.
    const readOnly = await insertApiKey(t, orgId, productId, ['license:read']);
    expect(code(await authorize(t.baseUrl, readOnly.key, invalidBody))).toBe('PERMISSION_DENIED');
    const denied = await authorize(t.baseUrl, readOnly.key, { productId, licenseKey: license.key, hwid: 'a' });
    expect(denied).toMatchObject({ status: 403, body: { error: { code: 'PERMISSION_DENIED' } } });
    expect(await nonces(readOnly.id)).toBe(0);
    expect(await eventsOf(license.id)).toEqual([]);

    // A revoked key is unknown at once (keys are read on every request).
    expect((await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, hwid: 'a' })).status).toBe(200);
    await t.dataSource.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [apiKey.id]);
    expect(await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, hwid: 'a' })).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    expect(await eventsOf(license.id, 'license.authorized')).toHaveLength(1);
  });

  it('a key without license:assert-ip ignores even an unusable body ip; with it, that ip is 400', async () => {
    const plain = await setup({}, ['license:authorize']);
    const license = await insertLicense(t, orgId, plain.productId);
    expect((await plain.call({ licenseKey: license.key, hwid: 'a', ip: 'not-an-ip' })).status).toBe(200);
    const asserting = await setup({}, ['license:authorize', 'license:assert-ip']);
    const other = await insertLicense(t, orgId, asserting.productId);
    const bad = await asserting.call({ licenseKey: other.key, hwid: 'a', ip: 'not-an-ip' });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_ERROR', details: [{ path: 'ip' }] } } });
    expect(await eventsOf(other.id)).toEqual([]);
  });

  it('answers 400, never 500, for signed bodies that are not an object of the right shape', async () => {
    const { apiKey } = await setup();
    const path = '/v1/licenses/authorize';
    for (const raw of ['[]', '"text"', 'null', '123', 'true', '{"productId":null,"licenseKey":["x"]}', '{"licenseKey":{"a":1}}']) {
      const res = await postRaw(t.baseUrl, path, signedHeaders(apiKey.key, path, raw), raw);
      expect([raw, res.status]).toEqual([raw, 400]);
      expect(((await res.json()) as any).error.code).toBe('VALIDATION_ERROR');
    }
  });

  it('a replayed signed request is refused with NONCE_REUSED and decides nothing', async () => {
    const { productId, apiKey } = await setup();
    const license = await insertLicense(t, orgId, productId);
    const path = '/v1/licenses/authorize';
    const raw = JSON.stringify({ productId, licenseKey: license.key });
    const headers = signedHeaders(apiKey.key, path, raw);
    const first = await postRaw(t.baseUrl, path, headers, raw);
    expect(first.status).toBe(200);
    const replay = await postRaw(t.baseUrl, path, headers, raw);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as any).error.code).toBe('NONCE_REUSED');
    expect(await eventsOf(license.id, 'license.authorized')).toHaveLength(1);
  });

  it('a replay or a key without the permission is refused without waiting for the license lock, and records nothing', async () => {
    const { productId, apiKey } = await setup();
    const license = await insertLicense(t, orgId, productId);
    const readOnly = await insertApiKey(t, orgId, productId, ['license:read']);
    const path = '/v1/licenses/authorize';
    const raw = JSON.stringify({ productId, licenseKey: license.key, hwid: 'a' });
    const signed = (key: string, nonce: string, body = raw) => signedHeaders(key, path, body, nonce);
    const send = (headers: Record<string, string>, body = raw) => postRaw(t.baseUrl, path, headers, body);
    const replayed = signed(apiKey.key, 'lock-free-replay-nonce-1');
    expect((await send(replayed)).status).toBe(200);
    const eventsBefore = (await auditEvents(t, orgId)).length;

    // Another transaction holds the license row: a request that took the lock would wait here until it ends.
    const holder = await t.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query('SELECT id FROM licenses WHERE id = $1 FOR UPDATE', [license.id]);
      const replay = await send(replayed);
      expect([replay.status, ((await replay.json()) as any).error.code]).toEqual([401, 'NONCE_REUSED']);
      const denied = await send(signed(readOnly.key, 'lock-free-readonly-nonce-1'));
      expect([denied.status, ((await denied.json()) as any).error.code]).toEqual([403, 'PERMISSION_DENIED']);
      // The replay is refused after its body is checked, as the first time (API.md §1: body before replay).
      const invalid = JSON.stringify({ productId: 'nope', licenseKey: license.key });
      const badBody = await send(signed(apiKey.key, 'lock-free-replay-nonce-1', invalid), invalid);
      expect(badBody.status).toBe(400);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect(await auditEvents(t, orgId)).toHaveLength(eventsBefore);
  });

  it('ten simultaneous copies of one signed request: one is decided, nine are NONCE_REUSED; a dry run keeps its nonce', async () => {
    const { productId, apiKey } = await setup();
    const license = await insertLicense(t, orgId, productId);
    const path = '/v1/licenses/authorize';
    const send = (body: Record<string, unknown>, nonce: string) => {
      const raw = JSON.stringify(body);
      return postRaw(t.baseUrl, path, signedHeaders(apiKey.key, path, raw, nonce), raw);
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => send({ productId, licenseKey: license.key }, 'simultaneous-nonce-0001')));
    const answers = await Promise.all(results.map(async (r) => `${r.status} ${r.status === 200 ? 'ALLOW' : ((await r.json()) as any).error.code}`));
    expect(answers.sort()).toEqual(['200 ALLOW', ...Array.from({ length: 9 }, () => '401 NONCE_REUSED')]);
    expect(await eventsOf(license.id, 'license.authorized')).toHaveLength(1);

    expect((await send({ productId, licenseKey: license.key, dryRun: true }, 'dry-run-nonce-000001')).status).toBe(200);
    const replay = await send({ productId, licenseKey: license.key, dryRun: true }, 'dry-run-nonce-000001');
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as any).error.code).toBe('NONCE_REUSED');
  });
});
