import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { auditEvents, HttpClient, insertApiKey, insertLicense, insertOrgWithTeam, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

const ALL = ['license:create', 'license:read', 'license:write', 'license:revoke'];

describe('licenses with API keys (API.md §4b)', () => {
  let t: TestApp;
  let team: Team;
  let other: Team;
  let productId: string;
  let siblingProductId: string;
  let otherOrgProductId: string;
  let key: { id: string; key: string };
  let api: HttpClient;
  const client = (k: { key: string }) => new HttpClient(t.baseUrl).apiKey(k.key);
  const base = (pid = productId) => `/v1/products/${pid}/licenses`;

  beforeAll(async () => {
    t = await startTestApp();
    team = await insertOrgWithTeam(t);
    other = await insertOrgWithTeam(t);
    productId = await insertProduct(t, team.orgId, { limits: { hwid: { mode: 'sticky', maxDistinct: 2 } } });
    siblingProductId = await insertProduct(t, team.orgId);
    otherOrgProductId = await insertProduct(t, other.orgId);
    key = await insertApiKey(t, team.orgId, productId, ALL);
    api = client(key);
  });
  afterAll(async () => {
    await t.close();
  });

  async function created(body: Record<string, unknown> = {}) {
    const res = await api.post(base(), body);
    expect(res.status).toBe(201);
    return res.body.data.license as { id: string; key: string; [k: string]: unknown };
  }

  const eventsOf = async (licenseId: string) => (await auditEvents(t, team.orgId)).filter((e) => e.license_id === licenseId);

  describe('POST /v1/products/:productId/licenses (license:create)', () => {
    it('creates a license of the key’s product, with the API key as the actor; the dashboard sees the same license', async () => {
      const res = await api.post(base(), { expirationMode: 'afterActivation', expiresAfterDays: 30, contact: { email: 'buyer@example.test' } });
      expect(res.status).toBe(201);
      const license = res.body.data.license;
      expect(license).toMatchObject({ orgId: team.orgId, productId, status: 'ACTIVE', expirationMode: 'afterActivation', expiresAfterDays: 30 });
      const events = await eventsOf(license.id);
      expect(events).toEqual([expect.objectContaining({ type: 'license.created', actor_type: 'api_key', actor_id: key.id, product_id: productId })]);
      const dash = await new HttpClient(t.baseUrl).bearer(team.VIEWER.token).get(`/v1/dashboard/licenses/${license.id}`);
      expect(dash.body.data.license).toEqual(license);
    });

    it('accepts a body productId equal to the path, refuses another one with 400', async () => {
      expect((await api.post(base(), { productId })).status).toBe(201);
      expect((await api.post(base(), { productId: productId.toUpperCase() })).status).toBe(201);
      const res = await api.post(base(), { productId: siblingProductId });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details[0].path).toBe('productId');
      expect((await api.post(base(), { productId: 'nope' })).status).toBe(400);
    });

    it('creates count licenses (data.licenses), custom keys with DUPLICATE_KEY, and validates like the dashboard', async () => {
      const batch = await api.post(base(), { count: 4 });
      expect(batch.status).toBe(201);
      expect(batch.body.data.licenses).toHaveLength(4);
      const custom = `api-${randomBytes(5).toString('hex')}`;
      expect((await api.post(base(), { key: custom })).body.data.license.key).toBe(custom.toUpperCase());
      const dup = await api.post(base(), { key: ` ${custom.toUpperCase()}` });
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe('DUPLICATE_KEY');
      expect((await api.post(base(), { count: 501 })).status).toBe(400);
      expect((await api.post(base(), { expirationMode: 'fixed' })).status).toBe(400);
      const policy = await api.post(base(), { policyOverride: { limits: { hwid: { mode: 'limit', maxDistinct: 0 } } } });
      expect(policy.status).toBe(400);
      expect(policy.body.error.code).toBe('INVALID_POLICY');
    });

    it('honours an Idempotency-Key scoped to the key’s organization', async () => {
      const k = `api-${randomUUID()}`;
      const first = await api.post(base(), { companyName: k }, { 'Idempotency-Key': k });
      const retry = await api.post(base(), { companyName: k }, { 'Idempotency-Key': k });
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await t.dataSource.query('SELECT 1 FROM licenses WHERE company_name = $1', [k])).toHaveLength(1);
    });
  });

  describe('GET /v1/products/:productId/licenses and .../:id (license:read)', () => {
    it('lists only the key’s product, with the dashboard’s filters', async () => {
      const mine = await created({ companyName: 'Listed Co' });
      const sibling = await insertLicense(t, team.orgId, siblingProductId);
      const res = await api.get(`${base()}?pageSize=1000`);
      expect(res.status).toBe(200);
      const ids = (res.body.data.licenses as Array<{ id: string; productId: string }>).map((l) => l.id);
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(sibling.id);
      expect(res.body.data.licenses.every((l: { productId: string }) => l.productId === productId)).toBe(true);
      const q = await api.get(`${base()}?q=listed&status=ACTIVE`);
      expect(q.body.data.licenses.map((l: { id: string }) => l.id)).toEqual([mine.id]);
      expect((await api.get(`${base()}?productId=${productId}`)).status).toBe(200);
      expect((await api.get(`${base()}?productId=${siblingProductId}`)).status).toBe(400);
      expect((await api.get(`${base()}?status=GONE`)).status).toBe(400);
    });

    it('reads one license of the key’s product; another product’s license is 404', async () => {
      const mine = await created();
      const res = await api.get(`${base()}/${mine.id}`);
      expect(res.status).toBe(200);
      expect(res.body.data.license).toEqual(mine);
      const sibling = await insertLicense(t, team.orgId, siblingProductId);
      expect((await api.get(`${base()}/${sibling.id}`)).status).toBe(404);
      expect((await api.get(`${base()}/${randomUUID()}`)).status).toBe(404);
      expect((await api.get(`${base()}/not-a-uuid`)).status).toBe(404);
    });
  });

  describe('PATCH and DELETE /v1/products/:productId/licenses/:id (license:write)', () => {
    it('changes a license through the same rules (events, mode agreement, freezing)', async () => {
      const mine = await created();
      const res = await api.patch(`${base()}/${mine.id}`, { frozen: true, companyName: 'Patched', expirationMode: 'fixed', expiresAt: '2099-01-01T00:00:00Z' });
      expect(res.status).toBe(200);
      expect(res.body.data.license).toMatchObject({ status: 'FROZEN', companyName: 'Patched', expiresAt: '2099-01-01T00:00:00.000Z' });
      const events = await eventsOf(mine.id);
      expect(events.map((e) => [e.type, e.actor_type, e.actor_id])).toEqual([
        ['license.created', 'api_key', key.id],
        ['license.updated', 'api_key', key.id],
        ['license.frozen', 'api_key', key.id],
      ]);
      expect((await api.patch(`${base()}/${mine.id}`, { expirationMode: 'never' })).status).toBe(400);
      expect((await api.patch(`${base()}/${mine.id}`, { colour: 'red' })).status).toBe(400);
    });

    it('deletes a license of the key’s product (license.deleted)', async () => {
      const mine = await created();
      const res = await api.delete(`${base()}/${mine.id}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ deleted: true });
      expect((await eventsOf(mine.id)).map((e) => e.type)).toEqual(['license.created', 'license.deleted']);
      expect((await api.get(`${base()}/${mine.id}`)).status).toBe(404);
    });

    it('answers 404 for a license of another product and leaves it alone', async () => {
      const sibling = await insertLicense(t, team.orgId, siblingProductId);
      expect((await api.patch(`${base()}/${sibling.id}`, { isTrial: true })).status).toBe(404);
      expect((await api.delete(`${base()}/${sibling.id}`)).status).toBe(404);
      expect((await api.post(`${base()}/${sibling.id}/revoke`)).status).toBe(404);
      expect((await api.post(`${base()}/${sibling.id}/unrevoke`)).status).toBe(404);
      const [row] = (await t.dataSource.query('SELECT is_trial, revoked_at FROM licenses WHERE id = $1', [sibling.id])) as Array<Record<string, unknown>>;
      expect(row).toEqual({ is_trial: false, revoked_at: null });
      expect(await eventsOf(sibling.id)).toHaveLength(0);
    });
  });

  describe('POST /v1/products/:productId/licenses/:id/revoke|unrevoke (license:revoke)', () => {
    it('revokes and unrevokes; a repeated revoke records nothing', async () => {
      const mine = await created();
      const revoked = await api.post(`${base()}/${mine.id}/revoke`, { reason: 'refund' });
      expect(revoked.status).toBe(200);
      expect(revoked.body.data.license).toMatchObject({ status: 'REVOKED', revokeReason: 'refund' });
      expect((await api.post(`${base()}/${mine.id}/revoke`)).status).toBe(200);
      const unrevoked = await api.post(`${base()}/${mine.id}/unrevoke`);
      expect(unrevoked.body.data.license.status).toBe('ACTIVE');
      const events = await eventsOf(mine.id);
      expect(events.map((e) => e.type)).toEqual(['license.created', 'license.revoked', 'license.unrevoked']);
      expect(events[1]).toMatchObject({ actor_type: 'api_key', actor_id: key.id, data: { reason: 'refund' } });
    });
  });

  describe('credentials, product scope and permissions', () => {
    it('answers 401 without a key, with an unknown key, and with an access token instead of a key', async () => {
      const mine = await created();
      const anon = new HttpClient(t.baseUrl);
      for (const [method, path] of [
        ['POST', base()],
        ['GET', base()],
        ['GET', `${base()}/${mine.id}`],
        ['PATCH', `${base()}/${mine.id}`],
        ['DELETE', `${base()}/${mine.id}`],
        ['POST', `${base()}/${mine.id}/revoke`],
        ['POST', `${base()}/${mine.id}/unrevoke`],
      ] as const) {
        const body = method === 'GET' || method === 'DELETE' ? undefined : {};
        const res = await anon.request(method, path, body);
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHORIZED');
        expect((await anon.apiKey('gg_unknown').request(method, path, body)).status).toBe(401);
        expect((await anon.bearer(team.OWNER.token).request(method, path, body)).status).toBe(401);
      }
      expect((await api.get(`${base()}/${mine.id}`)).body.data.license.status).toBe('ACTIVE');
    });

    it('answers 401 for a revoked key', async () => {
      const revokedKey = await insertApiKey(t, team.orgId, productId, ALL);
      await t.dataSource.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [revokedKey.id]);
      expect((await client(revokedKey).get(base())).status).toBe(401);
    });

    it('answers 404 for a path with another product, of the same organization or another', async () => {
      for (const pid of [siblingProductId, otherOrgProductId, randomUUID(), 'not-a-uuid']) {
        const res = await api.post(base(pid), {});
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
        expect((await api.get(base(pid))).status).toBe(404);
      }
      expect(await t.dataSource.query('SELECT 1 FROM licenses WHERE product_id = $1', [otherOrgProductId])).toHaveLength(0);
    });

    it('answers 403 PERMISSION_DENIED for a missing permission, before validating the body', async () => {
      const mine = await created();
      const cases: Array<[string[], string, string, unknown]> = [
        [['license:read', 'license:write', 'license:revoke'], 'POST', base(), { count: 9999 }],
        [['license:create', 'license:write', 'license:revoke'], 'GET', base(), undefined],
        [['license:create', 'license:write', 'license:revoke'], 'GET', `${base()}/${mine.id}`, undefined],
        [['license:read', 'license:revoke', 'license:create'], 'PATCH', `${base()}/${mine.id}`, { isTrial: true }],
        [['license:read', 'license:revoke', 'license:create'], 'DELETE', `${base()}/${mine.id}`, undefined],
        [['license:read', 'license:write', 'license:create'], 'POST', `${base()}/${mine.id}/revoke`, {}],
        [['license:read', 'license:write', 'license:create'], 'POST', `${base()}/${mine.id}/unrevoke`, {}],
      ];
      for (const [permissions, method, path, body] of cases) {
        const limited = await insertApiKey(t, team.orgId, productId, permissions);
        const res = await client(limited).request(method, path, body);
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('PERMISSION_DENIED');
      }
      expect((await api.get(`${base()}/${mine.id}`)).body.data.license).toMatchObject({ status: 'ACTIVE', isTrial: false });
      expect((await eventsOf(mine.id)).map((e) => e.type)).toEqual(['license.created']);
    });
  });
});
