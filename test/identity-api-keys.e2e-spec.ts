import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '@geckoguard/core';
import { RequestNoncePurger, signRequest } from '@geckoguard/identity';
import { auditEvents, HttpClient, insertApiKey, insertOrgWithTeam, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

describe('identity: API keys and whoami (API.md §2)', () => {
  let t: TestApp;
  let anon: HttpClient;
  let team: Team;
  let other: Team;
  let productId: string;
  let otherProductId: string;
  const as = (user: { token: string }) => new HttpClient(t.baseUrl).bearer(user.token);
  const keysPath = (product: string) => `/v1/dashboard/products/${product}/api-keys`;

  beforeAll(async () => {
    t = await startTestApp();
    anon = new HttpClient(t.baseUrl);
    team = await insertOrgWithTeam(t);
    other = await insertOrgWithTeam(t);
    productId = await insertProduct(t, team.orgId, {}, `KEYS_${randomBytes(4).toString('hex').toUpperCase()}`);
    otherProductId = await insertProduct(t, other.orgId);
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => t.clock.reset());

  async function createKey(body: Record<string, unknown> = {}, product = productId) {
    const res = await as(team.ADMIN).post(keysPath(product), { name: 'Backend', permissions: ['license:read'], ...body });
    expect(res.status).toBe(201);
    return res.body.data as { apiKey: Record<string, any>; key: string };
  }

  const whoami = (key: string, headers: Record<string, string> = {}) => anon.apiKey(key).get('/v1/whoami', headers);

  function signed(key: string, opts: { timestamp?: number; nonce?: string; signature?: string } = {}) {
    const timestamp = String(opts.timestamp ?? Math.floor(t.clock.now().getTime() / 1000));
    const nonce = opts.nonce ?? randomBytes(16).toString('hex');
    const signature = opts.signature ?? signRequest(key, timestamp, nonce, 'GET', '/v1/whoami', '');
    return { 'x-gg-timestamp': timestamp, 'x-gg-nonce': nonce, 'x-gg-signature': signature };
  }

  describe('POST /v1/dashboard/products/:productId/api-keys', () => {
    it('creates a key (201), shows it once, stores only its SHA-256, writes api_key.created', async () => {
      const res = await as(team.ADMIN).post(keysPath(productId), {
        name: 'Backend',
        permissions: ['license:read', 'license:create', 'license:read'],
        requireSignature: true,
      });
      expect(res.status).toBe(201);
      const { apiKey, key } = res.body.data;
      expect(key).toMatch(/^gg_[A-Za-z0-9_-]{43}$/);
      expect(apiKey).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        productId,
        name: 'Backend',
        prefix: key.slice(0, 10),
        permissions: ['license:read', 'license:create'],
        requireSignature: true,
        createdAt: expect.any(String),
        revokedAt: null,
      });
      const [row] = (await t.dataSource.query(`SELECT org_id, key_hash, prefix, permissions, require_signature FROM api_keys WHERE id = $1`, [apiKey.id])) as Array<
        Record<string, unknown>
      >;
      expect(row).toEqual({
        org_id: team.orgId,
        key_hash: sha256Hex(key),
        prefix: key.slice(0, 10),
        permissions: ['license:read', 'license:create'],
        require_signature: true,
      });
      const events = (await auditEvents(t, team.orgId)).filter((e) => e.type === 'api_key.created');
      expect(events.at(-1)).toMatchObject({
        product_id: productId,
        actor_type: 'user',
        actor_id: team.ADMIN.userId,
        data: { apiKeyId: apiKey.id, name: 'Backend', prefix: apiKey.prefix, permissions: ['license:read', 'license:create'], requireSignature: true },
      });
      expect(JSON.stringify(events)).not.toContain(key);
    });

    it('accepts an empty permission list; requireSignature defaults to false', async () => {
      const { apiKey, key } = await createKey({ permissions: [] });
      expect(apiKey).toMatchObject({ permissions: [], requireSignature: false });
      expect((await whoami(key)).status).toBe(200);
    });

    it.each([
      ['an unknown permission', { permissions: ['license:read', 'license:destroy'] }, 'permissions'],
      ['permissions not an array', { permissions: 'license:read' }, 'permissions'],
      ['a missing name', { name: undefined }, 'name'],
      ['a non-boolean requireSignature', { requireSignature: 'yes' }, 'requireSignature'],
      ['an unknown field', { keyHash: 'x' }, 'keyHash'],
    ])('answers 400 VALIDATION_ERROR for %s', async (_label, patch, path) => {
      const res = await as(team.ADMIN).post(keysPath(productId), { name: 'k', permissions: [], ...patch });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    });

    it('answers 403 below ADMIN, 404 for another org or an unknown product, 401 without a token or with an API key', async () => {
      const body = { name: 'k', permissions: [] };
      expect((await as(team.DEV).post(keysPath(productId), body)).status).toBe(403);
      expect((await as(other.ADMIN).post(keysPath(productId), body)).status).toBe(404);
      expect((await as(team.ADMIN).post(keysPath(otherProductId), body)).status).toBe(404);
      expect((await as(team.ADMIN).post(keysPath(randomUUID()), body)).status).toBe(404);
      expect((await anon.post(keysPath(productId), body)).status).toBe(401);
      const { key } = await createKey();
      expect((await anon.apiKey(key).post(keysPath(productId), body)).status).toBe(401);
    });
  });

  describe('GET /v1/dashboard/products/:productId/api-keys', () => {
    it("lists the product's keys, newest first, revoked ones included, never a key or hash", async () => {
      const productOnly = await insertProduct(t, team.orgId);
      const a = await createKey({ name: 'A' }, productOnly);
      const b = await createKey({ name: 'B' }, productOnly);
      await as(team.ADMIN).post(`${keysPath(productOnly)}/${a.apiKey.id}/revoke`);
      await createKey({ name: 'Elsewhere' });

      const res = await as(team.VIEWER).get(keysPath(productOnly));
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ page: 1, pageSize: 50, total: 2 });
      const keys = res.body.data.apiKeys as Array<Record<string, unknown>>;
      expect(keys.map((k) => k.name)).toEqual(['B', 'A']);
      expect(keys[0]).toEqual(b.apiKey);
      expect(keys[1]).toMatchObject({ id: a.apiKey.id, revokedAt: expect.any(String) });
      for (const secret of [a.key, b.key, sha256Hex(a.key), sha256Hex(b.key)]) expect(res.text).not.toContain(secret);
      expect(res.text).not.toMatch(/hash/i);
    });

    it('answers 404 across orgs, 401 without a token', async () => {
      expect((await as(other.OWNER).get(keysPath(productId))).status).toBe(404);
      expect((await anon.get(keysPath(productId))).status).toBe(401);
    });
  });

  describe('POST .../api-keys/:keyId/revoke', () => {
    it('revokes at once (api_key.revoked); revoking again changes nothing', async () => {
      const { apiKey, key } = await createKey();
      expect((await whoami(key)).status).toBe(200);
      const res = await as(team.ADMIN).post(`${keysPath(productId)}/${apiKey.id}/revoke`);
      expect(res.status).toBe(200);
      expect(res.body.data.apiKey).toMatchObject({ id: apiKey.id, revokedAt: expect.any(String) });
      const denied = await whoami(key);
      expect(denied.status).toBe(401);
      expect(denied.body.error.code).toBe('UNAUTHORIZED');

      const again = await as(team.ADMIN).post(`${keysPath(productId)}/${apiKey.id}/revoke`);
      expect(again.status).toBe(200);
      expect(again.body.data.apiKey.revokedAt).toBe(res.body.data.apiKey.revokedAt);
      const events = (await auditEvents(t, team.orgId)).filter((e) => e.type === 'api_key.revoked' && e.data.apiKeyId === apiKey.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ product_id: productId, actor_id: team.ADMIN.userId, data: { name: 'Backend', prefix: apiKey.prefix } });
    });

    it('answers 403 below ADMIN, 404 for a key of another product, an unknown or malformed id, or another org', async () => {
      const { apiKey, key } = await createKey();
      expect((await as(team.DEV).post(`${keysPath(productId)}/${apiKey.id}/revoke`)).status).toBe(403);
      const sibling = await insertProduct(t, team.orgId);
      expect((await as(team.ADMIN).post(`${keysPath(sibling)}/${apiKey.id}/revoke`)).status).toBe(404);
      expect((await as(team.ADMIN).post(`${keysPath(productId)}/${randomUUID()}/revoke`)).status).toBe(404);
      expect((await as(team.ADMIN).post(`${keysPath(productId)}/nope/revoke`)).status).toBe(404);
      expect((await as(other.ADMIN).post(`${keysPath(productId)}/${apiKey.id}/revoke`)).status).toBe(404);
      expect((await anon.post(`${keysPath(productId)}/${apiKey.id}/revoke`)).status).toBe(401);
      expect((await whoami(key)).status).toBe(200);
    });
  });

  describe('POST .../api-keys/:keyId/rotate', () => {
    it('gives the key a new secret; the old one stops working at once (api_key.rotated)', async () => {
      const { apiKey, key } = await createKey({ permissions: ['license:read', 'session:read'] });
      const res = await as(team.ADMIN).post(`${keysPath(productId)}/${apiKey.id}/rotate`);
      expect(res.status).toBe(200);
      const rotated = res.body.data;
      expect(rotated.key).toMatch(/^gg_/);
      expect(rotated.key).not.toBe(key);
      expect(rotated.apiKey).toEqual({ ...apiKey, prefix: rotated.key.slice(0, 10) });
      expect((await whoami(key)).status).toBe(401);
      const me = await whoami(rotated.key);
      expect(me.status).toBe(200);
      expect(me.body.data.apiKey).toEqual({ id: apiKey.id, name: 'Backend', permissions: ['license:read', 'session:read'] });
      const [row] = (await t.dataSource.query(`SELECT key_hash FROM api_keys WHERE id = $1`, [apiKey.id])) as Array<{ key_hash: string }>;
      expect(row!.key_hash).toBe(sha256Hex(rotated.key));
      const events = (await auditEvents(t, team.orgId)).filter((e) => e.type === 'api_key.rotated');
      expect(events.at(-1)).toMatchObject({ product_id: productId, actor_id: team.ADMIN.userId, data: { apiKeyId: apiKey.id, prefix: rotated.apiKey.prefix } });
      expect(JSON.stringify(events)).not.toContain(rotated.key);
    });

    it('answers 409 for a revoked key, 403 below ADMIN, 404 for a key of another product', async () => {
      const { apiKey } = await createKey();
      expect((await as(team.DEV).post(`${keysPath(productId)}/${apiKey.id}/rotate`)).status).toBe(403);
      const sibling = await insertProduct(t, team.orgId);
      expect((await as(team.ADMIN).post(`${keysPath(sibling)}/${apiKey.id}/rotate`)).status).toBe(404);
      await as(team.ADMIN).post(`${keysPath(productId)}/${apiKey.id}/revoke`);
      const res = await as(team.ADMIN).post(`${keysPath(productId)}/${apiKey.id}/rotate`);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
    });
  });

  describe('GET /v1/whoami', () => {
    it('names the key, its product and organization', async () => {
      const { id, key } = await insertApiKey(t, team.orgId, productId, ['license:authorize']);
      const res = await whoami(key);
      expect(res.status).toBe(200);
      const [product] = (await t.dataSource.query(`SELECT name, code FROM products WHERE id = $1`, [productId])) as Array<{ name: string; code: string }>;
      expect(res.body.data).toEqual({
        apiKey: { id, name: 'test key', permissions: ['license:authorize'] },
        product: { id: productId, name: product!.name, code: product!.code },
        org: { id: team.orgId, name: 'Test Org' },
      });
    });

    it('answers 401 without a key, for an unknown key, for a JWT sent as a key, and for a Bearer token', async () => {
      expect((await anon.get('/v1/whoami')).status).toBe(401);
      expect((await whoami(`gg_${randomBytes(32).toString('base64url')}`)).status).toBe(401);
      expect((await whoami(team.OWNER.token)).status).toBe(401);
      expect((await as(team.OWNER).get('/v1/whoami')).status).toBe(401);
    });

    it('answers 401 to an API key under /v1/dashboard/*', async () => {
      const { key } = await insertApiKey(t, team.orgId, productId, ['license:read']);
      for (const path of ['/v1/dashboard/me', `/v1/dashboard/orgs/${team.orgId}`, keysPath(productId)]) {
        const res = await anon.apiKey(key).get(path);
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHORIZED');
        // Also next to a valid access token: the request carries an API key all the same.
        const both = await as(team.OWNER).apiKey(key).get(path);
        expect({ path, status: both.status, code: both.body.error?.code }).toEqual({ path, status: 401, code: 'UNAUTHORIZED' });
      }
      // The rule is the dashboard's: a user's own routes outside it take the token and ignore the key. (This test
      // token belongs to no login, so logout asks which one: 400, past the credentials.)
      const logout = await as(team.OWNER).apiKey(key).post('/v1/auth/logout', {});
      expect({ status: logout.status, path: logout.body.error?.details?.[0]?.path }).toEqual({ status: 400, path: 'refreshToken' });
    });
  });

  describe('request signing on a key created with requireSignature', () => {
    let key: string;
    let keyId: string;
    beforeAll(async () => {
      ({ id: keyId, key } = await insertApiKey(t, team.orgId, productId, [], true));
    });

    it('answers 401 SIGNATURE_REQUIRED unsigned or with a header missing', async () => {
      const res = await whoami(key);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('SIGNATURE_REQUIRED');
      const { 'x-gg-signature': _dropped, ...partial } = signed(key);
      expect((await whoami(key, partial)).body.error.code).toBe('SIGNATURE_REQUIRED');
    });

    it('answers 200 when signed correctly', async () => {
      const res = await whoami(key, signed(key));
      expect(res.status).toBe(200);
      expect(res.body.data.apiKey.id).toBe(keyId);
    });

    it('answers 401 SIGNATURE_INVALID for a wrong signature, another key, or a timestamp 301 s off', async () => {
      const now = Math.floor(t.clock.now().getTime() / 1000);
      const wrong = await whoami(key, signed(key, { signature: 'ab'.repeat(32) }));
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('SIGNATURE_INVALID');
      const nonce = randomBytes(16).toString('hex');
      const otherKey = signRequest(`gg_${randomBytes(32).toString('base64url')}`, String(now), nonce, 'GET', '/v1/whoami', '');
      expect((await whoami(key, signed(key, { nonce, signature: otherKey }))).body.error.code).toBe('SIGNATURE_INVALID');
      for (const timestamp of [now - 301, now + 301]) {
        const res = await whoami(key, signed(key, { timestamp }));
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('SIGNATURE_INVALID');
      }
      // 299 s is still inside the window.
      expect((await whoami(key, signed(key, { timestamp: now - 299 }))).status).toBe(200);
    });

    it('answers 401 NONCE_REUSED for a nonce already used by the key', async () => {
      const nonce = randomBytes(16).toString('hex');
      expect((await whoami(key, signed(key, { nonce }))).status).toBe(200);
      const replay = await whoami(key, signed(key, { nonce }));
      expect(replay.status).toBe(401);
      expect(replay.body.error.code).toBe('NONCE_REUSED');
      // Another key may use the same nonce.
      const { key: second } = await insertApiKey(t, team.orgId, productId, [], true);
      expect((await whoami(second, signed(second, { nonce }))).status).toBe(200);
    });

    it('verifies a signature sent with a key that does not require one', async () => {
      const { key: optional } = await insertApiKey(t, team.orgId, productId, []);
      expect((await whoami(optional, signed(optional))).status).toBe(200);
      expect((await whoami(optional, signed(optional, { signature: '00'.repeat(32) }))).body.error.code).toBe('SIGNATURE_INVALID');
    });

    it('purges nonces older than 600 s', async () => {
      const nonce = randomBytes(16).toString('hex');
      expect((await whoami(key, signed(key, { nonce }))).status).toBe(200);
      const purger = t.app.get(RequestNoncePurger);
      await purger.purge();
      expect(await t.dataSource.query(`SELECT 1 FROM request_nonces WHERE api_key_id = $1 AND nonce = $2`, [keyId, nonce])).toHaveLength(1);

      t.clock.advance(601_000);
      expect(await purger.purge()).toBeGreaterThan(0);
      expect(await t.dataSource.query(`SELECT 1 FROM request_nonces WHERE api_key_id = $1 AND nonce = $2`, [keyId, nonce])).toHaveLength(0);
      expect(await t.dataSource.query(`SELECT 1 FROM request_nonces WHERE created_at < $1`, [new Date(t.clock.now().getTime() - 600_000)])).toHaveLength(0);
    });
  });
});
