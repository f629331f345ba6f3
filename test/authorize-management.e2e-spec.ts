import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  auditEvents,
  HttpClient,
  insertApiKey,
  insertLicense,
  insertOrgWithTeam,
  insertProduct,
  startTestApp,
  type TestApp,
} from '@geckoguard/testing';
import { authorize, signedPost } from './support/authorize-client.js';

const sha = (v: string) => createHash('sha256').update(v).digest('hex');
type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

/** The vendor-facing views that come with authorization: bindings (§6), sessions (§7), session end (§5), blacklist add (§8). */
describe('bindings, sessions, session end and blacklist entries around authorization', () => {
  let t: TestApp;
  let team: Team;
  let other: Team;
  let anon: HttpClient;
  const as = (user: { token: string }) => new HttpClient(t.baseUrl).bearer(user.token);

  beforeAll(async () => {
    t = await startTestApp();
    team = await insertOrgWithTeam(t);
    other = await insertOrgWithTeam(t);
    anon = new HttpClient(t.baseUrl);
  });
  afterAll(async () => {
    await t.close();
  });

  async function setup(policy: Record<string, unknown> = {}) {
    const productId = await insertProduct(t, team.orgId, policy);
    const apiKey = await insertApiKey(t, team.orgId, productId, ['license:authorize', 'license:assert-ip']);
    const license = await insertLicense(t, team.orgId, productId);
    const call = (body: Record<string, unknown>) => authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, ...body });
    const end = (sessionId: string, key = license.key) => signedPost(t.baseUrl, apiKey.key, '/v1/licenses/sessions/end', { productId, licenseKey: key, sessionId });
    return { productId, apiKey, license, call, end };
  }

  const eventsOf = async (licenseId: string, type: string) => (await auditEvents(t, team.orgId)).filter((e) => e.license_id === licenseId && e.type === type);

  describe('GET /v1/dashboard/licenses/:id/bindings', () => {
    it('lists HWID and IP bindings with hashes only, newest first, filtered by type, revoked ones included', async () => {
      const { license, call } = await setup();
      expect((await call({ hwid: 'machine-1', ip: '203.0.113.7' })).status).toBe(200);
      t.clock.advance(1000);
      expect((await call({ hwid: 'machine-2', ip: '::ffff:203.0.113.7' })).status).toBe(200);
      await t.dataSource.query(`UPDATE bindings SET revoked_at = now() WHERE license_id = $1 AND value_hash = $2`, [license.id, sha('machine-1')]);

      const res = await as(team.VIEWER).get(`/v1/dashboard/licenses/${license.id}/bindings`);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ page: 1, pageSize: 50, total: 3 });
      const bindings = res.body.data.bindings as any[];
      // newest first: machine-2 came a second later; the IPv4-mapped address is the same IPv4 address (one binding)
      expect([bindings[0].type, bindings[0].valueHash, bindings[0].revokedAt]).toEqual(['HWID', sha('machine-2'), null]);
      expect(bindings.slice(1).map((b) => [b.type, b.valueHash, b.revokedAt === null]).sort()).toEqual([
        ['HWID', sha('machine-1'), false],
        ['IP', sha('203.0.113.7'), true],
      ]);
      expect(bindings).toHaveLength(3);
      expect(bindings[0]).toEqual({
        id: expect.any(String),
        type: expect.any(String),
        valueHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        region: null,
        firstSeenAt: expect.any(String),
        lastSeenAt: expect.any(String),
        revokedAt: null,
      });
      expect(JSON.stringify(res.body)).not.toContain('machine-1');

      const hwids = await as(team.VIEWER).get(`/v1/dashboard/licenses/${license.id}/bindings?type=HWID&pageSize=1&page=2`);
      expect(hwids.body.data).toMatchObject({ page: 2, pageSize: 1, total: 2 });
      expect(hwids.body.data.bindings.map((b: any) => b.valueHash)).toEqual([sha('machine-1')]);
      const ips = await as(team.VIEWER).get(`/v1/dashboard/licenses/${license.id}/bindings?type=IP`);
      expect(ips.body.data.bindings.map((b: any) => b.valueHash)).toEqual([sha('203.0.113.7')]);
    });

    it('401 without a token, 404 for another org, 400 for a bad type or page', async () => {
      const { license } = await setup();
      expect((await anon.get(`/v1/dashboard/licenses/${license.id}/bindings`)).status).toBe(401);
      const foreign = await as(other.OWNER).get(`/v1/dashboard/licenses/${license.id}/bindings`);
      expect(foreign.status).toBe(404);
      expect(foreign.body.error.code).toBe('NOT_FOUND');
      const bad = await as(team.VIEWER).get(`/v1/dashboard/licenses/${license.id}/bindings?type=MAC`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_ERROR');
      expect((await as(team.VIEWER).get(`/v1/dashboard/licenses/${license.id}/bindings?page=0`)).status).toBe(400);
    });
  });

  describe('sessions: list, revoke one, revoke all', () => {
    const limited = { limits: { concurrency: { mode: 'limit', maxActive: 2, sessionTtlSeconds: 60 } } };

    it('lists sessions with active and revoked counts; a lapsed session is not active', async () => {
      const { license, call } = await setup(limited);
      expect((await call({ sessionId: 'a', deviceId: 'laptop', hwid: 'hw' })).status).toBe(200);
      expect((await call({ sessionId: 'b' })).status).toBe(200);
      const res = await as(team.VIEWER).get(`/v1/dashboard/licenses/${license.id}/sessions`);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ activeCount: 2, revokedCount: 0, total: 2, page: 1, pageSize: 50 });
      const a = (res.body.data.sessions as any[]).find((s) => s.sessionIdHash === sha('a'));
      expect(a).toEqual({
        id: expect.any(String),
        sessionIdHash: sha('a'),
        ipHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        hwidHash: sha('hw'),
        deviceId: 'laptop',
        createdAt: expect.any(String),
        lastSeenAt: expect.any(String),
        expiresAt: expect.any(String),
        revokedAt: null,
        endedAt: null,
      });
      t.clock.advance(61_000);
      const later = await as(team.VIEWER).get(`/v1/dashboard/licenses/${license.id}/sessions`);
      expect(later.body.data).toMatchObject({ activeCount: 0, total: 2 });
    });

    it('revoke-all refuses the revoked ids (SESSION_REVOKED) while a fresh id is admitted, and records session.revoked', async () => {
      const { license, call } = await setup(limited);
      await call({ sessionId: 'one' });
      await call({ sessionId: 'two' });
      expect((await call({ sessionId: 'three' })).body.reasonCode).toBe('CONCURRENCY_LIMIT_EXCEEDED');

      expect((await as(team.VIEWER).post(`/v1/dashboard/licenses/${license.id}/sessions/revoke-all`)).status).toBe(403);
      const res = await as(team.DEV).post(`/v1/dashboard/licenses/${license.id}/sessions/revoke-all`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true, data: { revoked: 2 } });
      expect(await eventsOf(license.id, 'session.revoked')).toHaveLength(2);

      expect((await call({ sessionId: 'one' })).body.reasonCode).toBe('SESSION_REVOKED');
      expect((await call({ sessionId: 'three' })).status).toBe(200);
      const again = await as(team.DEV).post(`/v1/dashboard/licenses/${license.id}/sessions/revoke-all`);
      expect(again.body.data).toEqual({ revoked: 1 });
      const list = await as(team.VIEWER).get(`/v1/dashboard/licenses/${license.id}/sessions`);
      expect(list.body.data).toMatchObject({ activeCount: 0, revokedCount: 3, total: 3 });
    });

    it('revokes one session by its record id; twice is a no-op; unknown ids are 404, malformed 400', async () => {
      const { license, call } = await setup(limited);
      const created = await call({ sessionId: 'solo' });
      const recordId = created.body.session.id as string;
      const path = `/v1/dashboard/licenses/${license.id}/sessions/${recordId}/revoke`;
      const res = await as(team.DEV).post(path);
      expect(res.status).toBe(200);
      expect(res.body.data.session).toMatchObject({ id: recordId, revokedAt: expect.any(String), endedAt: null });
      expect((await as(team.DEV).post(path)).status).toBe(200);
      expect(await eventsOf(license.id, 'session.revoked')).toHaveLength(1);
      expect((await call({ sessionId: 'solo' })).body.reasonCode).toBe('SESSION_REVOKED');

      expect((await as(team.DEV).post(`/v1/dashboard/licenses/${license.id}/sessions/00000000-0000-4000-8000-000000000000/revoke`)).status).toBe(404);
      expect((await as(team.DEV).post(`/v1/dashboard/licenses/${license.id}/sessions/nope/revoke`)).status).toBe(404);
      expect((await as(other.OWNER).post(path)).status).toBe(404);
      expect((await anon.post(path)).status).toBe(401);
    });

    it('the API-key routes (§4b) use the same handlers, with session:read / session:write and product scope', async () => {
      const { productId, license, call } = await setup(limited);
      await call({ sessionId: 'k1' });
      const reader = await insertApiKey(t, team.orgId, productId, ['session:read']);
      const writer = await insertApiKey(t, team.orgId, productId, ['session:read', 'session:write']);
      const base = `/v1/products/${productId}/licenses/${license.id}/sessions`;
      const list = await new HttpClient(t.baseUrl).apiKey(reader.key).get(base);
      expect(list.status).toBe(200);
      expect(list.body.data).toMatchObject({ activeCount: 1, total: 1 });
      const denied = await new HttpClient(t.baseUrl).apiKey(reader.key).post(`${base}/revoke-all`);
      expect(denied.status).toBe(403);
      expect(denied.body.error.code).toBe('PERMISSION_DENIED');
      const done = await new HttpClient(t.baseUrl).apiKey(writer.key).post(`${base}/revoke-all`);
      expect(done.body).toEqual({ ok: true, data: { revoked: 1 } });
      const [event] = await eventsOf(license.id, 'session.revoked');
      expect(event).toMatchObject({ actor_type: 'api_key', actor_id: writer.id });

      const otherProduct = await insertProduct(t, team.orgId);
      const elsewhere = await insertLicense(t, team.orgId, otherProduct);
      expect((await new HttpClient(t.baseUrl).apiKey(reader.key).get(`/v1/products/${productId}/licenses/${elsewhere.id}/sessions`)).status).toBe(404);
      expect((await new HttpClient(t.baseUrl).apiKey(reader.key).get(`/v1/products/${otherProduct}/licenses/${elsewhere.id}/sessions`)).status).toBe(404);
      expect((await anon.get(base)).status).toBe(401);
    });
  });

  describe('POST /v1/licenses/sessions/end', () => {
    it('ends the session (204, session.ended), idempotently; the id then starts a new session', async () => {
      const { license, call, end } = await setup({ limits: { concurrency: { mode: 'limit', maxActive: 1 } } });
      const first = await call({ sessionId: 'app-run' });
      expect((await call({ sessionId: 'other' })).body.reasonCode).toBe('CONCURRENCY_LIMIT_EXCEEDED');
      const res = await end('app-run');
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      expect((await end('app-run')).status).toBe(204);
      expect((await end('never-seen')).status).toBe(204);
      const ended = await eventsOf(license.id, 'session.ended');
      expect(ended).toHaveLength(1);
      expect(ended[0]!.data).toEqual({ sessionId: first.body.session.id });
      // the seat is free at once, and the ended id simply starts a new session
      const again = await call({ sessionId: 'app-run' });
      expect(again.status).toBe(200);
      expect(again.body.session.id).not.toBe(first.body.session.id);
    });

    it('does not end a revoked session (its id stays refused)', async () => {
      const { license, call, end } = await setup();
      await call({ sessionId: 'stolen' });
      await as(team.DEV).post(`/v1/dashboard/licenses/${license.id}/sessions/revoke-all`);
      expect((await end('stolen')).status).toBe(204);
      expect((await call({ sessionId: 'stolen' })).body.reasonCode).toBe('SESSION_REVOKED');
    });

    it('refuses an id whose session was revoked after it ended', async () => {
      const { license, call, end } = await setup();
      const first = await call({ sessionId: 'ended-then-revoked' });
      expect((await end('ended-then-revoked')).status).toBe(204);
      // The dashboard revokes the ended session (API.md §7 lists ended ones too).
      expect((await as(team.DEV).post(`/v1/dashboard/licenses/${license.id}/sessions/${first.body.session.id}/revoke`)).status).toBe(200);
      expect((await call({ sessionId: 'ended-then-revoked' })).body.reasonCode).toBe('SESSION_REVOKED');
      expect((await call({ sessionId: 'a-new-one' })).status).toBe(200);
      // Refused, it started nothing: the id still has its one (ended, revoked) session.
      const rows = (await t.dataSource.query(`SELECT count(*)::int AS n FROM sessions WHERE license_id = $1 AND session_id_hash = $2`, [
        license.id,
        createHash('sha256').update('ended-then-revoked').digest('hex'),
      ])) as Array<{ n: number }>;
      expect(rows[0]!.n).toBe(1);
    });

    it('404 for an unknown key or another product, 400 for a bad body, 401 unsigned', async () => {
      const { productId, apiKey, end } = await setup();
      const missing = await end('s', 'NO-SUCH-KEY-0000');
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('NOT_FOUND');
      const otherProduct = await insertProduct(t, team.orgId);
      const foreign = await insertLicense(t, team.orgId, otherProduct);
      expect((await end('s', foreign.key)).status).toBe(404);
      const bad = await signedPost(t.baseUrl, apiKey.key, '/v1/licenses/sessions/end', { productId, licenseKey: 'x' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.map((d: any) => d.path)).toContain('sessionId');
      const unsigned = await new HttpClient(t.baseUrl).apiKey(apiKey.key).post('/v1/licenses/sessions/end', { productId, licenseKey: 'x', sessionId: 's' });
      expect(unsigned.status).toBe(401);
      expect(unsigned.body.error.code).toBe('SIGNATURE_REQUIRED');
    });
  });

  describe('POST /v1/dashboard/blacklists/products/:productId', () => {
    it('adds a HWID (201), updates its reason on a repeat (200), and authorization refuses it with that reason', async () => {
      const { productId, call } = await setup();
      const path = `/v1/dashboard/blacklists/products/${productId}`;
      const res = await as(team.DEV).post(path, { type: 'HWID', value: 'evil-box', reason: 'chargeback' });
      expect(res.status).toBe(201);
      expect(res.body.data.entry).toEqual({
        id: expect.any(String),
        productId,
        type: 'HWID',
        value: 'evil-box',
        valueHash: sha('evil-box'),
        reason: 'chargeback',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect((await call({ hwid: 'evil-box' })).body).toMatchObject({ reasonCode: 'HWID_BLACKLISTED', message: 'chargeback' });

      const again = await as(team.DEV).post(path, { type: 'HWID', value: 'evil-box', reason: 'fraud' });
      expect(again.status).toBe(200);
      expect(again.body.data.entry).toMatchObject({ id: res.body.data.entry.id, reason: 'fraud' });
      const same = await as(team.DEV).post(path, { type: 'HWID', value: 'evil-box', reason: 'fraud' });
      expect(same.status).toBe(200);
      expect((await call({ hwid: 'evil-box' })).body.message).toBe('fraud');
      const events = (await auditEvents(t, team.orgId)).filter((e) => e.product_id === productId && e.type.startsWith('blacklist.'));
      expect(events.map((e) => e.type)).toEqual(['blacklist.entry_added', 'blacklist.entry_updated']);
      const rows = (await t.dataSource.query(`SELECT count(*)::int AS n FROM blacklist_entries WHERE product_id = $1`, [productId])) as Array<{ n: number }>;
      expect(rows[0]!.n).toBe(1);
    });

    it('adds IP addresses and CIDR ranges, hashed in canonical form and shown as entered; addresses inside a range are refused', async () => {
      const { productId, call } = await setup();
      const path = `/v1/dashboard/blacklists/products/${productId}`;
      const range = await as(team.DEV).post(path, { type: 'IP', value: '198.51.100.77/24', reason: 'abuse' });
      expect(range.status).toBe(201);
      expect(range.body.data.entry).toMatchObject({ value: '198.51.100.77/24', valueHash: sha('198.51.100.0/24') });
      const mapped = await as(team.DEV).post(path, { type: 'IP', value: '::ffff:192.0.2.5' });
      expect(mapped.body.data.entry).toMatchObject({ value: '::ffff:192.0.2.5', valueHash: sha('192.0.2.5'), reason: null });
      // the same mapped address in hex spelling is the same IPv4 address, not a separate IPv6 entry
      const hex = await as(team.DEV).post(path, { type: 'IP', value: '::ffff:c000:205' });
      expect(hex.status).toBe(200);
      expect(hex.body.data.entry).toMatchObject({ id: mapped.body.data.entry.id, value: '::ffff:192.0.2.5' });
      const v6 = await as(team.DEV).post(path, { type: 'IP', value: '2001:DB8:0:0::/32' });
      expect(v6.body.data.entry).toMatchObject({ value: '2001:DB8:0:0::/32', valueHash: sha('2001:db8::/32') });

      expect((await call({ ip: '198.51.100.200' })).body).toMatchObject({ reasonCode: 'IP_BLACKLISTED', message: 'abuse' });
      expect((await call({ ip: '192.0.2.5' })).body.reasonCode).toBe('IP_BLACKLISTED');
      expect((await call({ ip: '2001:db8:ffff::1' })).body.reasonCode).toBe('IP_BLACKLISTED');
      expect((await call({ ip: '198.51.101.1' })).status).toBe(200);
    });

    it('400 for a bad type, value or field; 403 for VIEWER; 404 across orgs; 401 without a token', async () => {
      const { productId } = await setup();
      const path = `/v1/dashboard/blacklists/products/${productId}`;
      for (const body of [
        { type: 'MAC', value: 'x' },
        { type: 'IP', value: 'not-an-ip' },
        { type: 'IP', value: '10.0.0.0/33' },
        { type: 'IP', value: '10.0.0.0/x' },
        { type: 'HWID', value: '' },
        { type: 'HWID', value: 'x', extra: 1 },
        { type: 'HWID', value: 5 },
      ]) {
        const res = await as(team.DEV).post(path, body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_ERROR');
        expect(res.body.error.details.length).toBeGreaterThan(0);
      }
      expect((await as(team.VIEWER).post(path, { type: 'HWID', value: 'x' })).status).toBe(403);
      expect((await as(other.OWNER).post(path, { type: 'HWID', value: 'x' })).status).toBe(404);
      expect((await anon.post(path, { type: 'HWID', value: 'x' })).status).toBe(401);
      const rows = (await t.dataSource.query(`SELECT count(*)::int AS n FROM blacklist_entries WHERE product_id = $1`, [productId])) as Array<{ n: number }>;
      expect(rows[0]!.n).toBe(0);
    });
  });
});
