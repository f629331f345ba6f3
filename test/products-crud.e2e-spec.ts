import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
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

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

const code = (prefix = 'P') => `${prefix}_${randomBytes(5).toString('hex').toUpperCase()}`;

describe('products (API.md §3): create, read, update, delete', () => {
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

  const productsPath = (orgId: string) => `/v1/dashboard/orgs/${orgId}/products`;
  const productPath = (id: string) => `/v1/dashboard/products/${id}`;

  async function create(body: Record<string, unknown> = {}, user = team.ADMIN, orgId = team.orgId) {
    return as(user).post(productsPath(orgId), { name: 'Gecko Desktop', code: code(), ...body });
  }

  async function eventsOfProduct(productId: string, orgId = team.orgId) {
    return (await auditEvents(t, orgId)).filter((e) => e.product_id === productId);
  }

  describe('POST /v1/dashboard/orgs/:orgId/products', () => {
    it('creates a product (201) with every field and writes product.created', async () => {
      const policy = { v: 1, limits: { hwid: { mode: 'limit', maxDistinct: 2 } } };
      const body = { name: 'Gecko Desktop', code: code('DESK'), description: 'The desktop app', defaultLicensePolicy: policy };
      const res = await as(team.ADMIN).post(productsPath(team.orgId), body);
      expect(res.status).toBe(201);
      expect(res.body.ok).toBe(true);
      const product = res.body.data.product;
      expect(product).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        orgId: team.orgId,
        name: body.name,
        code: body.code,
        description: 'The desktop app',
        defaultLicensePolicy: policy,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(new Date(product.createdAt).toISOString()).toBe(product.createdAt);
      expect(product.updatedAt).toBe(product.createdAt);

      const [row] = (await t.dataSource.query('SELECT org_id, name, code, description, default_license_policy FROM products WHERE id = $1', [
        product.id,
      ])) as Array<Record<string, unknown>>;
      expect(row).toEqual({ org_id: team.orgId, name: body.name, code: body.code, description: 'The desktop app', default_license_policy: policy });

      const events = await eventsOfProduct(product.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'product.created',
        product_id: product.id,
        license_id: null,
        actor_type: 'user',
        actor_id: team.ADMIN.userId,
        data: { name: body.name, code: body.code },
      });
    });

    it('defaults description to null and the policy to {} (also when sent as null)', async () => {
      const minimal = await create({}, team.OWNER);
      expect(minimal.status).toBe(201);
      expect(minimal.body.data.product).toMatchObject({ description: null, defaultLicensePolicy: {} });
      const nulls = await create({ description: null, defaultLicensePolicy: null });
      expect(nulls.status).toBe(201);
      expect(nulls.body.data.product).toMatchObject({ description: null, defaultLicensePolicy: {} });
    });

    it('accepts the same code in another organization', async () => {
      const shared = code('SHARED');
      expect((await create({ code: shared })).status).toBe(201);
      expect((await create({ code: shared }, other.ADMIN, other.orgId)).status).toBe(201);
    });

    it('answers 401 without or with a bad token', async () => {
      expect((await anon.post(productsPath(team.orgId), { name: 'x', code: code() })).status).toBe(401);
      const res = await new HttpClient(t.baseUrl).bearer('not-a-jwt').post(productsPath(team.orgId), { name: 'x', code: code() });
      expect(res.status).toBe(401);
      expect(res.body.ok).toBe(false);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    });

    it('answers 403 FORBIDDEN to DEV and VIEWER (before validating the body)', async () => {
      for (const user of [team.DEV, team.VIEWER]) {
        const res = await create({}, user);
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
        const bad = await as(user).post(productsPath(team.orgId), { nope: true });
        expect(bad.status).toBe(403);
      }
    });

    it('answers 404 for an organization the caller is not a member of, or a malformed/unknown org id', async () => {
      const res = await create({}, other.ADMIN, team.orgId);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      expect((await create({}, team.ADMIN, 'not-a-uuid')).status).toBe(404);
      expect((await create({}, team.ADMIN, randomUUID())).status).toBe(404);
    });

    it.each([
      ['missing name', { name: undefined }, 'name'],
      ['empty name', { name: '' }, 'name'],
      ['too long name', { name: 'x'.repeat(201) }, 'name'],
      ['name of the wrong type', { name: 42 }, 'name'],
      ['missing code', { code: undefined }, 'code'],
      ['lower-case code', { code: 'gecko' }, 'code'],
      ['one-character code', { code: 'G' }, 'code'],
      ['code with a dash', { code: 'GECKO-1' }, 'code'],
      ['65-character code', { code: 'A'.repeat(65) }, 'code'],
      ['code of the wrong type', { code: 12 }, 'code'],
      ['description of the wrong type', { description: 5 }, 'description'],
      ['too long description', { description: 'd'.repeat(2001) }, 'description'],
      ['a policy that is not an object', { defaultLicensePolicy: 'strict' }, 'defaultLicensePolicy'],
      ['a policy that is an array', { defaultLicensePolicy: [] }, 'defaultLicensePolicy'],
      ['an unknown field', { color: 'green' }, 'color'],
    ])('answers 400 VALIDATION_ERROR for %s', async (_label, patch, path) => {
      const res = await create(patch);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    });

    it('answers 400 VALIDATION_ERROR for malformed JSON and writes nothing', async () => {
      const before = (await auditEvents(t, team.orgId)).length;
      const res = await as(team.ADMIN).request('POST', productsPath(team.orgId), '{"name": "x", "code": ', { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect((await auditEvents(t, team.orgId)).length).toBe(before);
    });

    it('answers 409 CONFLICT for a code already used in the organization', async () => {
      const taken = code('TAKEN');
      expect((await create({ code: taken })).status).toBe(201);
      const res = await create({ code: taken, name: 'Another' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
      const rows = (await t.dataSource.query('SELECT id FROM products WHERE org_id = $1 AND code = $2', [team.orgId, taken])) as unknown[];
      expect(rows).toHaveLength(1);
    });

    it('lets exactly one of 10 parallel creates with one code win', async () => {
      const raced = code('RACE');
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => create({ code: raced, name: `Racer ${i}` })));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
      for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('CONFLICT');
      const rows = (await t.dataSource.query('SELECT id FROM products WHERE org_id = $1 AND code = $2', [team.orgId, raced])) as Array<{ id: string }>;
      expect(rows).toHaveLength(1);
      const created = (await auditEvents(t, team.orgId)).filter((e) => e.type === 'product.created' && e.data.code === raced);
      expect(created).toHaveLength(1);
      expect(created[0]!.product_id).toBe(rows[0]!.id);
    });
  });

  describe('GET /v1/dashboard/orgs/:orgId/products', () => {
    let org: Team;
    const ids: string[] = [];

    beforeAll(async () => {
      org = await insertOrgWithTeam(t);
      for (let i = 0; i < 3; i++) {
        const res = await create({ name: `Listed ${i}` }, org.ADMIN, org.orgId);
        ids.push(res.body.data.product.id);
      }
    });

    it('lists newest first with page, pageSize and total (VIEWER may read)', async () => {
      const res = await as(org.VIEWER).get(productsPath(org.orgId));
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ page: 1, pageSize: 50, total: 3 });
      expect(res.body.data.products.map((p: { id: string }) => p.id)).toEqual([...ids].reverse());
      expect(res.body.data.products[0]).toMatchObject({ orgId: org.orgId, name: 'Listed 2', description: null, defaultLicensePolicy: {} });
    });

    it('pages', async () => {
      const first = await as(org.DEV).get(`${productsPath(org.orgId)}?page=1&pageSize=2`);
      expect(first.status).toBe(200);
      expect(first.body.data).toMatchObject({ page: 1, pageSize: 2, total: 3 });
      expect(first.body.data.products.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
      const second = await as(org.DEV).get(`${productsPath(org.orgId)}?page=2&pageSize=2`);
      expect(second.body.data.products.map((p: { id: string }) => p.id)).toEqual([ids[0]]);
      const beyond = await as(org.DEV).get(`${productsPath(org.orgId)}?page=5&pageSize=2`);
      expect(beyond.body.data).toEqual({ products: [], page: 5, pageSize: 2, total: 3 });
    });

    it('shows only the organization’s own products', async () => {
      const res = await as(other.VIEWER).get(productsPath(other.orgId));
      expect(res.status).toBe(200);
      expect(res.body.data.products.every((p: { orgId: string }) => p.orgId === other.orgId)).toBe(true);
      expect(res.body.data.products.some((p: { id: string }) => ids.includes(p.id))).toBe(false);
    });

    it('answers 401 without a token and 404 across organizations', async () => {
      expect((await anon.get(productsPath(org.orgId))).status).toBe(401);
      const res = await as(team.OWNER).get(productsPath(org.orgId));
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    });

    it.each([['page=0'], ['pageSize=0'], ['pageSize=1001'], ['page=abc'], ['pageSize=1.5'], ['sort=name']])(
      'answers 400 VALIDATION_ERROR for ?%s',
      async (query) => {
        const res = await as(org.VIEWER).get(`${productsPath(org.orgId)}?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_ERROR');
      },
    );
  });

  describe('GET /v1/dashboard/products/:id', () => {
    it('returns the product to any member (VIEWER up)', async () => {
      const created = (await create({ description: 'read me', defaultLicensePolicy: { limits: { ip: { mode: 'sticky' } } } })).body.data.product;
      for (const user of [team.VIEWER, team.DEV, team.ADMIN, team.OWNER]) {
        const res = await as(user).get(productPath(created.id));
        expect(res.status).toBe(200);
        expect(res.body.data.product).toEqual(created);
      }
    });

    it('answers 401 without a token', async () => {
      const id = await insertProduct(t, team.orgId);
      expect((await anon.get(productPath(id))).status).toBe(401);
    });

    it('answers 404 across organizations, for unknown and for malformed ids', async () => {
      const id = await insertProduct(t, team.orgId);
      const res = await as(other.OWNER).get(productPath(id));
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      expect((await as(team.OWNER).get(productPath(randomUUID()))).status).toBe(404);
      expect((await as(team.OWNER).get(productPath('not-a-uuid'))).status).toBe(404);
    });
  });

  describe('PATCH /v1/dashboard/products/:id', () => {
    it('changes the given fields and writes product.updated listing them', async () => {
      const created = (await create({ description: 'old' })).body.data.product;
      const newCode = code('NEW');
      const res = await as(team.ADMIN).patch(productPath(created.id), { name: 'Renamed', code: newCode });
      expect(res.status).toBe(200);
      const product = res.body.data.product;
      expect(product).toMatchObject({ id: created.id, orgId: team.orgId, name: 'Renamed', code: newCode, description: 'old', defaultLicensePolicy: {} });
      expect(product.createdAt).toBe(created.createdAt);
      expect(new Date(product.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.updatedAt).getTime());
      expect((await as(team.VIEWER).get(productPath(created.id))).body.data.product).toEqual(product);

      const events = await eventsOfProduct(created.id);
      expect(events.map((e) => e.type)).toEqual(['product.created', 'product.updated']);
      expect(events[1]).toMatchObject({ actor_type: 'user', actor_id: team.ADMIN.userId, data: { changedFields: ['name', 'code'] } });
    });

    it('replaces the default policy and clears the description with null', async () => {
      const created = (await create({ description: 'old', defaultLicensePolicy: { limits: { hwid: { mode: 'limit', maxDistinct: 2 }, ip: { mode: 'sticky' } } } }))
        .body.data.product;
      const policy = { limits: { concurrency: { mode: 'limit', maxActive: 3 } } };
      const res = await as(team.OWNER).patch(productPath(created.id), { description: null, defaultLicensePolicy: policy });
      expect(res.status).toBe(200);
      // Replaced, not merged: the old hwid and ip rules are gone.
      expect(res.body.data.product).toMatchObject({ description: null, defaultLicensePolicy: policy });
      const [row] = (await t.dataSource.query('SELECT description, default_license_policy FROM products WHERE id = $1', [created.id])) as Array<
        Record<string, unknown>
      >;
      expect(row).toEqual({ description: null, default_license_policy: policy });
      const updated = (await eventsOfProduct(created.id)).filter((e) => e.type === 'product.updated');
      expect(updated).toHaveLength(1);
      expect(updated[0]!.data.changedFields).toEqual(['description', 'defaultLicensePolicy']);
      expect(updated[0]!.actor_id).toBe(team.OWNER.userId);
    });

    it('writes no event when nothing changes (same values, or an empty body)', async () => {
      const policy = { v: 1, limits: { hwid: { maxDistinct: 2, mode: 'limit' } } };
      const created = (await create({ defaultLicensePolicy: policy })).body.data.product;
      const same = await as(team.ADMIN).patch(productPath(created.id), {
        name: created.name,
        code: created.code,
        description: null,
        defaultLicensePolicy: { limits: { hwid: { mode: 'limit', maxDistinct: 2 } }, v: 1 },
      });
      expect(same.status).toBe(200);
      expect(same.body.data.product).toEqual(created);
      const empty = await as(team.ADMIN).patch(productPath(created.id), {});
      expect(empty.status).toBe(200);
      expect(empty.body.data.product).toEqual(created);
      expect((await eventsOfProduct(created.id)).map((e) => e.type)).toEqual(['product.created']);
    });

    it('answers 409 CONFLICT when the new code is taken in the organization', async () => {
      const a = (await create()).body.data.product;
      const b = (await create()).body.data.product;
      const res = await as(team.ADMIN).patch(productPath(b.id), { code: a.code });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
      expect((await as(team.ADMIN).get(productPath(b.id))).body.data.product.code).toBe(b.code);
      expect((await eventsOfProduct(b.id)).map((e) => e.type)).toEqual(['product.created']);
    });

    it('answers 401 without a token, 403 to DEV and VIEWER, 404 across organizations', async () => {
      const id = await insertProduct(t, team.orgId);
      expect((await anon.patch(productPath(id), { name: 'x' })).status).toBe(401);
      for (const user of [team.DEV, team.VIEWER]) {
        const res = await as(user).patch(productPath(id), { name: 'x' });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      const res = await as(other.OWNER).patch(productPath(id), { name: 'x' });
      expect(res.status).toBe(404);
      expect((await as(team.ADMIN).patch(productPath(randomUUID()), { name: 'x' })).status).toBe(404);
      expect((await as(team.ADMIN).patch(productPath('nope'), { name: 'x' })).status).toBe(404);
    });

    it.each([
      ['null name', { name: null }, 'name'],
      ['empty name', { name: '' }, 'name'],
      ['null code', { code: null }, 'code'],
      ['bad code', { code: 'lower' }, 'code'],
      ['description of the wrong type', { description: ['x'] }, 'description'],
      ['a policy that is not an object', { defaultLicensePolicy: 7 }, 'defaultLicensePolicy'],
      ['an unknown field', { orgId: randomUUID() }, 'orgId'],
    ])('answers 400 VALIDATION_ERROR for %s', async (_label, body, path) => {
      const id = await insertProduct(t, team.orgId);
      const res = await as(team.ADMIN).patch(productPath(id), body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    });
  });

  describe('DELETE /v1/dashboard/products/:id', () => {
    it('deletes the product and its API keys, writes product.deleted, answers 200 {deleted:true}', async () => {
      const product = (await create()).body.data.product;
      await insertApiKey(t, team.orgId, product.id, ['license:read']);
      await insertApiKey(t, team.orgId, product.id, ['license:authorize']);
      const keep = await insertProduct(t, team.orgId);
      await insertApiKey(t, team.orgId, keep, ['license:read']);

      const res = await as(team.ADMIN).delete(productPath(product.id));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true, data: { deleted: true } });
      expect((await t.dataSource.query('SELECT id FROM products WHERE id = $1', [product.id])) as unknown[]).toHaveLength(0);
      expect((await t.dataSource.query('SELECT id FROM api_keys WHERE product_id = $1', [product.id])) as unknown[]).toHaveLength(0);
      expect((await t.dataSource.query('SELECT id FROM api_keys WHERE product_id = $1', [keep])) as unknown[]).toHaveLength(1);

      const events = await eventsOfProduct(product.id);
      expect(events.map((e) => e.type)).toEqual(['product.created', 'product.deleted']);
      expect(events[1]).toMatchObject({
        actor_type: 'user',
        actor_id: team.ADMIN.userId,
        data: { code: product.code, name: product.name, apiKeysDeleted: 2 },
      });
      expect((await as(team.ADMIN).get(productPath(product.id))).status).toBe(404);
      expect((await as(team.ADMIN).delete(productPath(product.id))).status).toBe(404);
    });

    it('frees the code for a new product', async () => {
      const product = (await create()).body.data.product;
      expect((await as(team.OWNER).delete(productPath(product.id))).status).toBe(200);
      expect((await create({ code: product.code })).status).toBe(201);
    });

    it('answers 409 CONFLICT while the product has licenses, and keeps everything', async () => {
      const product = (await create()).body.data.product;
      const apiKey = await insertApiKey(t, team.orgId, product.id, ['license:read']);
      await insertLicense(t, team.orgId, product.id, { revokedAt: new Date() });
      const res = await as(team.ADMIN).delete(productPath(product.id));
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
      expect((await as(team.ADMIN).get(productPath(product.id))).status).toBe(200);
      expect((await t.dataSource.query('SELECT id FROM api_keys WHERE id = $1', [apiKey.id])) as unknown[]).toHaveLength(1);
      expect((await eventsOfProduct(product.id)).map((e) => e.type)).toEqual(['product.created']);
    });

    it('answers 401 without a token, 403 to DEV and VIEWER, 404 across organizations', async () => {
      const id = await insertProduct(t, team.orgId);
      expect((await anon.delete(productPath(id))).status).toBe(401);
      for (const user of [team.DEV, team.VIEWER]) {
        const res = await as(user).delete(productPath(id));
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      expect((await as(other.OWNER).delete(productPath(id))).status).toBe(404);
      expect((await as(team.ADMIN).delete(productPath(randomUUID()))).status).toBe(404);
      expect((await as(team.ADMIN).delete(productPath('x'))).status).toBe(404);
      expect((await t.dataSource.query('SELECT id FROM products WHERE id = $1', [id])) as unknown[]).toHaveLength(1);
    });
  });

  describe('OpenAPI', () => {
    it('documents every product route, the request bodies and DELETE answering 200 {deleted:true}', async () => {
      const res = await anon.get('/docs-json');
      expect(res.status).toBe(200);
      const paths = res.body.paths as Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
      const list = paths['/v1/dashboard/orgs/{orgId}/products']!;
      const one = paths['/v1/dashboard/products/{id}']!;
      expect(Object.keys(list).sort()).toEqual(['get', 'post']);
      expect(Object.keys(one).sort()).toEqual(['delete', 'get', 'patch']);
      expect(list.post!.responses['201']).toBeDefined();
      expect(list.post!.responses['409']).toBeDefined();
      expect(list.post!.requestBody).toBeDefined();
      expect(one.patch!.requestBody).toBeDefined();
      expect(one.delete!.responses['200']).toBeDefined();
      expect(one.delete!.responses['409']).toBeDefined();
      const schemas = res.body.components.schemas as Record<string, { properties: Record<string, unknown> }>;
      expect(Object.keys(schemas.CreateProductRequestDto!.properties).sort()).toEqual(['code', 'defaultLicensePolicy', 'description', 'name']);
      expect(Object.keys(schemas.ProductDeletedResponseDto!.properties)).toEqual(['deleted']);
    });
  });
});
