import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { auditEvents, HttpClient, insertLicense, insertOrgWithTeam, startTestApp, type TestApp } from '@geckoguard/testing';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;
type Detail = { path: string; message: string };

const code = (prefix = 'POL') => `${prefix}_${randomBytes(5).toString('hex').toUpperCase()}`;
const paths = (details: Detail[]) => details.map((d) => d.path).sort();

describe('products: default license policies (API.md §3)', () => {
  let t: TestApp;
  let team: Team;
  let admin: HttpClient;

  beforeAll(async () => {
    t = await startTestApp();
    team = await insertOrgWithTeam(t);
    admin = new HttpClient(t.baseUrl).bearer(team.ADMIN.token);
  });
  afterAll(async () => {
    await t.close();
  });

  const create = (defaultLicensePolicy: unknown, productCode = code()) =>
    admin.post(`/v1/dashboard/orgs/${team.orgId}/products`, { name: 'Policy product', code: productCode, defaultLicensePolicy });
  const patch = (id: string, body: Record<string, unknown>) => admin.patch(`/v1/dashboard/products/${id}`, body);
  const productEvents = async (productId: string) => (await auditEvents(t, team.orgId)).filter((e) => e.product_id === productId);

  describe('on create', () => {
    it('accepts a full policy document and stores it as written', async () => {
      const policy = {
        v: 1,
        limits: {
          hwid: { mode: 'limit', maxDistinct: 3 },
          ip: { mode: 'limit', maxDistinct: 5, windowDays: 30, limitType: 'region' },
          concurrency: { mode: 'limit', maxActive: 2, sessionTtlSeconds: 120 },
          resetBudget: { hwid: { max: 2, cooldownHours: 24 }, ip: { max: 0, cooldownHours: 0 } },
          misuse: { mode: 'lock', maxDistinctContexts: 10, windowHours: 24 },
        },
      };
      const res = await create(policy);
      expect(res.status).toBe(201);
      expect(res.body.data.product.defaultLicensePolicy).toEqual(policy);
    });

    it('accepts numbers a mode does not use (kept for overrides that switch the mode)', async () => {
      const policy = { limits: { hwid: { mode: 'unlimited', maxDistinct: 4 } } };
      const res = await create(policy);
      expect(res.status).toBe(201);
      expect(res.body.data.product.defaultLicensePolicy).toEqual(policy);
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['an unknown top-level key', { version: 1 }, ['defaultLicensePolicy.version']],
      ['an unknown limit', { limits: { seats: { mode: 'limit' } } }, ['defaultLicensePolicy.limits.seats']],
      ['an unknown key inside a rule', { limits: { hwid: { mode: 'unlimited', max: 1 } } }, ['defaultLicensePolicy.limits.hwid.max']],
      ['v other than 1', { v: 2 }, ['defaultLicensePolicy.v']],
      ['an unknown mode', { limits: { hwid: { mode: 'sometimes' } } }, ['defaultLicensePolicy.limits.hwid.mode']],
      ['a number as a string', { limits: { hwid: { mode: 'limit', maxDistinct: '2' } } }, ['defaultLicensePolicy.limits.hwid.maxDistinct']],
      ['a fraction', { limits: { concurrency: { mode: 'limit', maxActive: 1.5 } } }, ['defaultLicensePolicy.limits.concurrency.maxActive']],
      ['maxDistinct below 1', { limits: { ip: { mode: 'limit', maxDistinct: 0 } } }, ['defaultLicensePolicy.limits.ip.maxDistinct']],
      ['a session TTL out of range', { limits: { concurrency: { sessionTtlSeconds: 59 } } }, ['defaultLicensePolicy.limits.concurrency.sessionTtlSeconds']],
      ['a negative reset budget', { limits: { resetBudget: { hwid: { max: -1 } } } }, ['defaultLicensePolicy.limits.resetBudget.hwid.max']],
      ['a bad limitType', { limits: { ip: { limitType: 'country' } } }, ['defaultLicensePolicy.limits.ip.limitType']],
      ['limits that are not an object', { limits: [] }, ['defaultLicensePolicy.limits']],
      [
        'several problems at once',
        { v: 2, limits: { ip: { windowDays: 0 }, misuse: { windowHours: 'day' } } },
        ['defaultLicensePolicy.limits.ip.windowDays', 'defaultLicensePolicy.limits.misuse.windowHours', 'defaultLicensePolicy.v'],
      ],
      ['hwid limit mode without maxDistinct (invalid once defaults apply)', { limits: { hwid: { mode: 'limit' } } }, ['defaultLicensePolicy.limits.hwid.maxDistinct']],
      ['ip limit mode without maxDistinct', { limits: { ip: { mode: 'limit', windowDays: 7 } } }, ['defaultLicensePolicy.limits.ip.maxDistinct']],
      ['concurrency limit mode without maxActive', { limits: { concurrency: { mode: 'limit' } } }, ['defaultLicensePolicy.limits.concurrency.maxActive']],
    ])('answers 400 INVALID_POLICY for %s, one detail per problem', async (_label, policy, expected) => {
      const productCode = code();
      const res = await create(policy, productCode);
      expect(res.status).toBe(400);
      expect(res.body.ok).toBe(false);
      expect(res.body.error.code).toBe('INVALID_POLICY');
      expect(paths(res.body.error.details)).toEqual(expected);
      for (const d of res.body.error.details as Detail[]) expect(d.message).toEqual(expect.any(String));
      // Nothing created, nothing recorded.
      expect((await t.dataSource.query('SELECT 1 FROM products WHERE code = $1', [productCode])) as unknown[]).toHaveLength(0);
      expect((await auditEvents(t, team.orgId)).filter((e) => e.data.code === productCode)).toHaveLength(0);
    });
  });

  describe('on PATCH', () => {
    it('answers 400 INVALID_POLICY for an invalid new default and keeps the old one', async () => {
      const product = (await create({ limits: { hwid: { mode: 'sticky' } } })).body.data.product;
      const res = await patch(product.id, { name: 'Renamed', defaultLicensePolicy: { limits: { hwid: { mode: 'limit' }, extra: true } } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_POLICY');
      expect(paths(res.body.error.details)).toEqual(['defaultLicensePolicy.limits.extra']);
      const effective = await patch(product.id, { defaultLicensePolicy: { limits: { concurrency: { mode: 'limit' } } } });
      expect(effective.status).toBe(400);
      expect(paths(effective.body.error.details)).toEqual(['defaultLicensePolicy.limits.concurrency.maxActive']);
      const [row] = (await t.dataSource.query('SELECT name, default_license_policy FROM products WHERE id = $1', [product.id])) as Array<Record<string, unknown>>;
      expect(row).toEqual({ name: 'Policy product', default_license_policy: { limits: { hwid: { mode: 'sticky' } } } });
      expect((await productEvents(product.id)).map((e) => e.type)).toEqual(['product.created']);
    });

    it('refuses a default that would leave a license with an invalid effective policy, naming the license', async () => {
      // The override switches to limit mode, valid only because the default carries maxDistinct.
      const product = (await create({ limits: { hwid: { mode: 'sticky', maxDistinct: 3 } } })).body.data.product;
      const override = { limits: { hwid: { mode: 'limit' } } };
      const broken = await insertLicense(t, team.orgId, product.id, { policyOverride: override });
      const alsoBroken = await insertLicense(t, team.orgId, product.id, { policyOverride: override });
      const fine = await insertLicense(t, team.orgId, product.id, { policyOverride: { limits: { hwid: { mode: 'limit', maxDistinct: 1 } } } });
      await insertLicense(t, team.orgId, product.id);

      const res = await patch(product.id, { defaultLicensePolicy: { limits: { hwid: { mode: 'sticky' } } } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_POLICY');
      const details = res.body.error.details as Detail[];
      expect(details).toHaveLength(2);
      for (const d of details) expect(d.path).toBe('defaultLicensePolicy.limits.hwid.maxDistinct');
      const text = details.map((d) => d.message).join('\n');
      expect(text).toContain(broken.id);
      expect(text).toContain(alsoBroken.id);
      expect(text).not.toContain(fine.id);

      const [row] = (await t.dataSource.query('SELECT default_license_policy FROM products WHERE id = $1', [product.id])) as Array<Record<string, unknown>>;
      expect(row!.default_license_policy).toEqual({ limits: { hwid: { mode: 'sticky', maxDistinct: 3 } } });
      expect((await productEvents(product.id)).map((e) => e.type)).toEqual(['product.created']);

      // Dropping the mode but keeping the number leaves every license valid: accepted.
      const ok = await patch(product.id, { defaultLicensePolicy: { limits: { hwid: { maxDistinct: 5 } } } });
      expect(ok.status).toBe(200);
      expect(ok.body.data.product.defaultLicensePolicy).toEqual({ limits: { hwid: { maxDistinct: 5 } } });
      const events = await productEvents(product.id);
      expect(events.map((e) => e.type)).toEqual(['product.created', 'product.updated']);
      expect(events[1]).toMatchObject({ actor_type: 'user', actor_id: team.ADMIN.userId, data: { changedFields: ['defaultLicensePolicy'] } });
    });

    it('checks licenses only when the policy changes (a rename still works)', async () => {
      const product = (await create({ limits: { concurrency: { mode: 'unlimited', maxActive: 2 } } })).body.data.product;
      await insertLicense(t, team.orgId, product.id, { policyOverride: { limits: { concurrency: { mode: 'limit' } } } });
      const rename = await patch(product.id, { name: 'Still fine' });
      expect(rename.status).toBe(200);
      const clear = await patch(product.id, { defaultLicensePolicy: null });
      expect(clear.status).toBe(400);
      expect(clear.body.error.code).toBe('INVALID_POLICY');
      expect(paths(clear.body.error.details)).toEqual(['defaultLicensePolicy.limits.concurrency.maxActive']);
    });

    it('lets a valid replacement through when licenses have overrides that stay valid', async () => {
      const product = (await create({ limits: { ip: { mode: 'limit', maxDistinct: 2 } } })).body.data.product;
      await insertLicense(t, team.orgId, product.id, { policyOverride: { limits: { ip: { maxDistinct: 4 } } } });
      const res = await patch(product.id, { defaultLicensePolicy: null });
      expect(res.status).toBe(200);
      expect(res.body.data.product.defaultLicensePolicy).toEqual({});
    });
  });
});
