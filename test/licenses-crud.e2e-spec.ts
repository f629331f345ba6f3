import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '@geckoguard/core';
import { auditEvents, HttpClient, insertLicense, insertOrgWithTeam, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;
type Detail = { path: string; message: string };

const DAY = 86_400_000;
const GENERATED_KEY = /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/;
const DEFAULT_POLICY = { limits: { hwid: { mode: 'sticky', maxDistinct: 3 } } };
const customKey = (prefix = 'KEY') => `${prefix}-${randomBytes(6).toString('hex')}`;

describe('licenses (API.md §4): create, read, list, update, delete', () => {
  let t: TestApp;
  let team: Team;
  let other: Team;
  let productId: string;
  let secondProductId: string;
  let otherProductId: string;
  let anon: HttpClient;
  const as = (user: { token: string }) => new HttpClient(t.baseUrl).bearer(user.token);

  beforeAll(async () => {
    t = await startTestApp();
    team = await insertOrgWithTeam(t);
    other = await insertOrgWithTeam(t);
    productId = await insertProduct(t, team.orgId, DEFAULT_POLICY);
    secondProductId = await insertProduct(t, team.orgId);
    otherProductId = await insertProduct(t, other.orgId);
    anon = new HttpClient(t.baseUrl);
  });
  afterEach(() => {
    t.clock.reset();
  });
  afterAll(async () => {
    await t.close();
  });

  const licensesPath = (orgId: string) => `/v1/dashboard/orgs/${orgId}/licenses`;
  const licensePath = (id: string) => `/v1/dashboard/licenses/${id}`;

  function create(body: Record<string, unknown> = {}, user = team.DEV, orgId = team.orgId) {
    return as(user).post(licensesPath(orgId), { productId, ...body });
  }

  async function createdLicense(body: Record<string, unknown> = {}) {
    const res = await create(body);
    expect(res.status).toBe(201);
    return res.body.data.license;
  }

  async function eventsOf(licenseId: string, orgId = team.orgId) {
    return (await auditEvents(t, orgId)).filter((e) => e.license_id === licenseId);
  }

  async function licenseRows(where: string, params: unknown[]) {
    return (await t.dataSource.query(`SELECT * FROM licenses WHERE ${where}`, params)) as Array<Record<string, any>>;
  }

  function expectDetails(res: { status: number; body: any }, code: string, path: string) {
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect((res.body.error.details as Detail[]).map((d) => d.path)).toContain(path);
  }

  describe('POST /v1/dashboard/orgs/:orgId/licenses', () => {
    it('creates a license (201) with every field, a generated key, and writes license.created', async () => {
      const expiresAt = new Date(Date.now() + 30 * DAY).toISOString();
      const body = {
        productId,
        expirationMode: 'both',
        expiresAt,
        expiresAfterDays: 10,
        policyOverride: { limits: { hwid: { mode: 'limit' } } },
        isTrial: true,
        contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.test' },
        companyName: 'Analytical Engines',
        metadata: { plan: 'pro', seats: 3, tags: ['a', 'b'] },
      };
      const res = await as(team.DEV).post(licensesPath(team.orgId), body);
      expect(res.status).toBe(201);
      expect(res.body.ok).toBe(true);
      const license = res.body.data.license;
      expect(license).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        orgId: team.orgId,
        productId,
        key: expect.stringMatching(GENERATED_KEY),
        status: 'ACTIVE',
        expirationMode: 'both',
        expiresAt,
        expiresAfterDays: 10,
        activatedAt: null,
        // Not activated: only the fixed bound applies so far.
        effectiveExpiresAt: expiresAt,
        frozen: false,
        frozenAt: null,
        revokedAt: null,
        revokeReason: null,
        lockedAt: null,
        lockReason: null,
        policyOverride: body.policyOverride,
        isTrial: true,
        contact: body.contact,
        companyName: 'Analytical Engines',
        metadata: body.metadata,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(license.updatedAt).toBe(license.createdAt);

      const [row] = await licenseRows('id = $1', [license.id]);
      expect(row).toMatchObject({
        org_id: team.orgId,
        product_id: productId,
        key: license.key,
        key_hash: sha256Hex(license.key),
        expiration_mode: 'both',
        expires_after_days: 10,
        is_trial: true,
        contact_email: 'ada@example.test',
        metadata: body.metadata,
        policy_override: body.policyOverride,
      });
      expect(row!.expires_at.toISOString()).toBe(expiresAt);

      const events = await eventsOf(license.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'license.created',
        product_id: productId,
        license_id: license.id,
        actor_type: 'user',
        actor_id: team.DEV.userId,
        data: { expirationMode: 'both', isTrial: true },
      });
    });

    it('defaults to a never-expiring, non-trial license with every other field null (never omitted)', async () => {
      for (const user of [team.DEV, team.ADMIN, team.OWNER]) {
        const res = await create({}, user);
        expect(res.status).toBe(201);
        expect(res.body.data.license).toMatchObject({
          status: 'ACTIVE',
          expirationMode: 'never',
          expiresAt: null,
          expiresAfterDays: null,
          effectiveExpiresAt: null,
          policyOverride: null,
          isTrial: false,
          contact: { firstName: null, lastName: null, email: null },
          companyName: null,
          metadata: {},
        });
      }
      const nulls = await create({ expiresAt: null, expiresAfterDays: null, policyOverride: null, contact: null, companyName: null, metadata: null });
      expect(nulls.status).toBe(201);
      expect(nulls.body.data.license).toMatchObject({ expirationMode: 'never', policyOverride: null, metadata: {}, contact: { email: null } });
    });

    it('derives status and effectiveExpiresAt: a past fixed date is EXPIRED, afterActivation has no expiry before activation', async () => {
      const past = new Date(Date.now() - DAY).toISOString();
      const expired = await createdLicense({ expirationMode: 'fixed', expiresAt: past });
      expect(expired).toMatchObject({ status: 'EXPIRED', expiresAt: past, effectiveExpiresAt: past });
      const relative = await createdLicense({ expirationMode: 'afterActivation', expiresAfterDays: 30 });
      expect(relative).toMatchObject({ status: 'ACTIVE', expiresAfterDays: 30, effectiveExpiresAt: null, activatedAt: null });
      const offset = await createdLicense({ expirationMode: 'fixed', expiresAt: '2099-01-01T02:00:00+02:00' });
      expect(offset.expiresAt).toBe('2099-01-01T00:00:00.000Z');
    });

    it('stores a custom key normalized (upper case, spaces dropped) and hashes the normalized form', async () => {
      const raw = ` my-Custom_key ${randomBytes(4).toString('hex')} `;
      const normalized = raw.replace(/\s+/g, '').toUpperCase();
      const license = await createdLicense({ key: raw });
      expect(license.key).toBe(normalized);
      const [row] = await licenseRows('id = $1', [license.id]);
      expect(row!.key_hash).toBe(sha256Hex(normalized));
    });

    it('answers 409 DUPLICATE_KEY for a key taken anywhere on the server, also differing only by case, spaces or I/L/O look-alikes', async () => {
      const taken = 'AB10C-DEF01-GH1JK-MN0PQ-RST10';
      const first = await createdLicense({ key: taken });
      expect(first.key).toBe(taken);
      const before = (await auditEvents(t, team.orgId)).length;

      for (const spelling of [taken, taken.toLowerCase(), ' ab1oc-DEFoI-gh1jk-mnOpq-rstI0 ', 'ABLOC DEF0L-GHIJK-MN0PQ-RST1O'.replace(' ', '-')]) {
        const res = await create({ key: spelling });
        expect(res.status).toBe(409);
        expect(res.body.error.code).toBe('DUPLICATE_KEY');
      }
      // Across organizations too (keys are unique across the server).
      const elsewhere = await as(other.DEV).post(licensesPath(other.orgId), { productId: otherProductId, key: taken.toLowerCase() });
      expect(elsewhere.status).toBe(409);
      expect(elsewhere.body.error.code).toBe('DUPLICATE_KEY');

      const custom = customKey('Mixed');
      await createdLicense({ key: custom });
      const res = await create({ key: ` ${custom.toLowerCase()}` });
      expect(res.status).toBe(409);

      expect(await licenseRows('key = $1', [taken])).toHaveLength(1);
      expect((await auditEvents(t, team.orgId)).length).toBe(before + 1);
    });

    it('keeps I, L and O in custom keys outside the generated layout (they are distinct characters there)', async () => {
      const suffix = randomBytes(3).toString('hex').toUpperCase();
      const withO = await createdLicense({ key: `HELLO-WORLD-${suffix}` });
      expect(withO.key).toBe(`HELLO-WORLD-${suffix}`);
      const with0 = await createdLicense({ key: `HELL0-W0RLD-${suffix}` });
      expect(with0.key).toBe(`HELL0-W0RLD-${suffix}`);
    });

    it('with count creates that many licenses, all returned as data.licenses, each with its own key and event', async () => {
      const res = await create({ count: 3, isTrial: true, metadata: { batch: 'b1' } });
      expect(res.status).toBe(201);
      expect(res.body.data.license).toBeUndefined();
      const licenses = res.body.data.licenses as Array<{ id: string; key: string; isTrial: boolean; metadata: unknown }>;
      expect(licenses).toHaveLength(3);
      expect(new Set(licenses.map((l) => l.key)).size).toBe(3);
      for (const l of licenses) {
        expect(l).toMatchObject({ key: expect.stringMatching(GENERATED_KEY), isTrial: true, metadata: { batch: 'b1' } });
        const events = await eventsOf(l.id);
        expect(events).toEqual([expect.objectContaining({ type: 'license.created', data: expect.objectContaining({ batchSize: 3 }) })]);
      }
      const one = await create({ count: 1, key: customKey() });
      expect(one.status).toBe(201);
      expect(one.body.data.licenses).toHaveLength(1);

      const max = await create({ count: 500 });
      expect(max.status).toBe(201);
      expect(max.body.data.licenses).toHaveLength(500);
    });

    it('creates all or nothing: a failure after the inserts leaves no license and no event', async () => {
      const failing = await insertOrgWithTeam(t);
      const failingProduct = await insertProduct(t, failing.orgId);
      // Fail the audit write of this organization only: the licenses are inserted first, then the event insert raises.
      await t.dataSource.query(`CREATE FUNCTION fail_audit_for_test_org() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.org_id = '${failing.orgId}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
      await t.dataSource.query(`CREATE TRIGGER fail_audit_for_test_org BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION fail_audit_for_test_org()`);
      try {
        const batch = await as(failing.DEV).post(licensesPath(failing.orgId), { productId: failingProduct, count: 5 });
        expect(batch.status).toBe(500);
        expect(batch.body.error.code).toBe('INTERNAL');
        const single = await as(failing.DEV).post(licensesPath(failing.orgId), { productId: failingProduct, key: customKey() });
        expect(single.status).toBe(500);
      } finally {
        await t.dataSource.query(`DROP TRIGGER fail_audit_for_test_org ON audit_events`);
        await t.dataSource.query(`DROP FUNCTION fail_audit_for_test_org()`);
      }
      expect(await licenseRows('org_id = $1', [failing.orgId])).toHaveLength(0);
      expect(await auditEvents(t, failing.orgId)).toHaveLength(0);
    });

    it('a duplicate custom key fails inside the transaction and leaves no row and no event', async () => {
      const key = customKey();
      await createdLicense({ key });
      const before = await auditEvents(t, team.orgId);
      const res = await create({ key: key.toLowerCase(), count: 1, contact: { email: 'dup@example.test' } });
      expect(res.status).toBe(409);
      expect(await licenseRows('contact_email = $1', ['dup@example.test'])).toHaveLength(0);
      expect(await auditEvents(t, team.orgId)).toHaveLength(before.length);
    });

    it('accepts an override that is valid merged with the default, and refuses others with 400 INVALID_POLICY under policyOverride.', async () => {
      // limit mode takes maxDistinct from the product default.
      const merged = await createdLicense({ policyOverride: { limits: { hwid: { mode: 'limit' } } } });
      expect(merged.policyOverride).toEqual({ limits: { hwid: { mode: 'limit' } } });

      const before = (await auditEvents(t, team.orgId)).length;
      expectDetails(await create({ policyOverride: { limits: { hwid: { mode: 'forever' } } } }), 'INVALID_POLICY', 'policyOverride.limits.hwid.mode');
      expectDetails(await create({ policyOverride: { v: 2 } }), 'INVALID_POLICY', 'policyOverride.v');
      expectDetails(await create({ policyOverride: { limits: { colour: {} } } }), 'INVALID_POLICY', 'policyOverride.limits.colour');
      // Valid alone, invalid once merged: the default has no maxActive.
      expectDetails(await create({ policyOverride: { limits: { concurrency: { mode: 'limit' } } } }), 'INVALID_POLICY', 'policyOverride.limits.concurrency.maxActive');
      // The same override is fine on a product whose default has no maxDistinct only if it brings its own.
      expectDetails(await create({ productId: secondProductId, policyOverride: { limits: { hwid: { mode: 'limit' } } } }), 'INVALID_POLICY', 'policyOverride.limits.hwid.maxDistinct');
      expect((await auditEvents(t, team.orgId)).length).toBe(before);
    });

    it('answers 401 without or with a bad token', async () => {
      expect((await anon.post(licensesPath(team.orgId), { productId })).status).toBe(401);
      const res = await new HttpClient(t.baseUrl).bearer('nope').post(licensesPath(team.orgId), { productId });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    });

    it('answers 403 FORBIDDEN to a VIEWER (before validating the body)', async () => {
      const res = await create({}, team.VIEWER);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect((await as(team.VIEWER).post(licensesPath(team.orgId), { nope: 1 })).status).toBe(403);
    });

    it('answers 404 for an organization the caller is not in, and for a product of another organization or none', async () => {
      const res = await create({}, other.DEV, team.orgId);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      expect((await create({ productId: otherProductId })).status).toBe(404);
      expect((await create({ productId: randomUUID() })).status).toBe(404);
      expect((await create({}, team.DEV, 'not-a-uuid')).status).toBe(404);
    });

    it.each([
      ['a missing productId', { productId: undefined }, 'productId'],
      ['a productId that is not a UUID', { productId: 'p-1' }, 'productId'],
      ['a key of the wrong type', { key: 12345678 }, 'key'],
      ['a too short key', { key: 'abc1234' }, 'key'],
      ['a too long key', { key: 'k'.repeat(129) }, 'key'],
      ['a key with other characters', { key: 'abc$defgh' }, 'key'],
      ['a key with count above 1', { key: 'VALID-KEY-123', count: 2 }, 'key'],
      ['an unknown expirationMode', { expirationMode: 'sometimes' }, 'expirationMode'],
      ['a null expirationMode', { expirationMode: null }, 'expirationMode'],
      ['expiresAt that is not a date', { expirationMode: 'fixed', expiresAt: 'tomorrow' }, 'expiresAt'],
      ['expiresAt without a time zone', { expirationMode: 'fixed', expiresAt: '2030-01-01T00:00:00' }, 'expiresAt'],
      ['expiresAt of the wrong type', { expirationMode: 'fixed', expiresAt: 1893456000000 }, 'expiresAt'],
      ['expiresAfterDays 0', { expirationMode: 'afterActivation', expiresAfterDays: 0 }, 'expiresAfterDays'],
      ['expiresAfterDays 36501', { expirationMode: 'afterActivation', expiresAfterDays: 36501 }, 'expiresAfterDays'],
      ['a fractional expiresAfterDays', { expirationMode: 'afterActivation', expiresAfterDays: 1.5 }, 'expiresAfterDays'],
      ['expiresAfterDays as a string', { expirationMode: 'afterActivation', expiresAfterDays: '5' }, 'expiresAfterDays'],
      ['isTrial as a string', { isTrial: 'yes' }, 'isTrial'],
      ['a policyOverride that is not an object', { policyOverride: 'strict' }, 'policyOverride'],
      ['a contact that is not an object', { contact: 'ada' }, 'contact'],
      ['a contact that is an array', { contact: [] }, 'contact'],
      ['an unknown contact field', { contact: { phone: '1' } }, 'contact.phone'],
      ['a bad contact email', { contact: { email: 'not-an-email' } }, 'contact.email'],
      ['a companyName of the wrong type', { companyName: 7 }, 'companyName'],
      ['metadata that is an array', { metadata: [1] }, 'metadata'],
      ['metadata above 16 KB', { metadata: { blob: 'x'.repeat(16 * 1024) } }, 'metadata'],
      ['count 0', { count: 0 }, 'count'],
      ['count 501', { count: 501 }, 'count'],
      ['count as a string', { count: '2' }, 'count'],
      ['an unknown field', { colour: 'green' }, 'colour'],
      // Expiration fields that disagree with the mode.
      ['fixed without expiresAt', { expirationMode: 'fixed' }, 'expiresAt'],
      ['afterActivation without expiresAfterDays', { expirationMode: 'afterActivation', expiresAfterDays: null }, 'expiresAfterDays'],
      ['both without expiresAfterDays', { expirationMode: 'both', expiresAt: '2099-01-01T00:00:00Z' }, 'expiresAfterDays'],
      ['both without expiresAt', { expirationMode: 'both', expiresAfterDays: 3 }, 'expiresAt'],
      ['never with expiresAt', { expiresAt: '2099-01-01T00:00:00Z' }, 'expiresAt'],
      ['never with expiresAfterDays', { expirationMode: 'never', expiresAfterDays: 3 }, 'expiresAfterDays'],
      ['fixed with expiresAfterDays', { expirationMode: 'fixed', expiresAt: '2099-01-01T00:00:00Z', expiresAfterDays: 3 }, 'expiresAfterDays'],
      ['afterActivation with expiresAt', { expirationMode: 'afterActivation', expiresAfterDays: 3, expiresAt: '2099-01-01T00:00:00Z' }, 'expiresAt'],
    ])('answers 400 VALIDATION_ERROR for %s, and writes nothing', async (_label, patch, path) => {
      const before = (await auditEvents(t, team.orgId)).length;
      expectDetails(await create(patch), 'VALIDATION_ERROR', path);
      expect((await auditEvents(t, team.orgId)).length).toBe(before);
    });

    it('accepts metadata of exactly 16 KB and answers 400 for malformed JSON', async () => {
      const filler = 'x'.repeat(16 * 1024 - JSON.stringify({ blob: '' }).length);
      expect((await create({ metadata: { blob: filler } })).status).toBe(201);
      const res = await as(team.DEV).request('POST', licensesPath(team.orgId), '{"productId": ', { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    });

    it('honours an Idempotency-Key: the retry gets the same 201 body and creates nothing more', async () => {
      const k = `lic-${randomUUID()}`;
      const body = { productId, count: 2, companyName: `Idem ${k}` };
      const first = await as(team.DEV).post(licensesPath(team.orgId), body, { 'Idempotency-Key': k });
      expect(first.status).toBe(201);
      const retry = await as(team.DEV).post(licensesPath(team.orgId), body, { 'Idempotency-Key': k });
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await licenseRows('company_name = $1', [body.companyName])).toHaveLength(2);
      const reused = await as(team.DEV).post(licensesPath(team.orgId), { ...body, count: 3 }, { 'Idempotency-Key': k });
      expect(reused.status).toBe(422);
    });
  });

  describe('GET /v1/dashboard/orgs/:orgId/licenses', () => {
    let listTeam: Team;
    let p1: string;
    let p2: string;
    const list = (query = '', user: { token: string } = listTeam.VIEWER, orgId = listTeam.orgId) => as(user).get(`${licensesPath(orgId)}${query}`);

    beforeAll(async () => {
      listTeam = await insertOrgWithTeam(t);
      p1 = await insertProduct(t, listTeam.orgId);
      p2 = await insertProduct(t, listTeam.orgId);
    });

    it('lists newest first with pagination, to any member (VIEWER too)', async () => {
      const ids: string[] = [];
      const base = Date.now();
      for (let i = 0; i < 3; i++) {
        t.clock.set(new Date(base + i * 1000));
        const res = await as(listTeam.DEV).post(licensesPath(listTeam.orgId), { productId: p1, companyName: `Page ${i}` });
        ids.push(res.body.data.license.id);
      }
      const all = await list();
      expect(all.status).toBe(200);
      expect(all.body.data).toMatchObject({ page: 1, pageSize: 50, total: 3 });
      expect(all.body.data.licenses.map((l: { id: string }) => l.id)).toEqual([...ids].reverse());
      expect(all.body.data.licenses[0]).toHaveProperty('contact');

      const page2 = await list('?page=2&pageSize=2');
      expect(page2.body.data).toMatchObject({ page: 2, pageSize: 2, total: 3 });
      expect(page2.body.data.licenses.map((l: { id: string }) => l.id)).toEqual([ids[0]]);

      // Other organizations' licenses are never listed.
      const theirs = await list('', other.VIEWER, other.orgId);
      expect(theirs.body.data.licenses.some((l: { id: string }) => ids.includes(l.id))).toBe(false);
    });

    it('filters by productId', async () => {
      const res = await as(listTeam.DEV).post(licensesPath(listTeam.orgId), { productId: p2 });
      const byP2 = await list(`?productId=${p2}`);
      expect(byP2.body.data.licenses.map((l: { id: string }) => l.id)).toEqual([res.body.data.license.id]);
      expect((await list(`?productId=${otherProductId}`)).body.data.total).toBe(0);
    });

    it('matches q against a key prefix (case, spaces and look-alikes ignored), the contact email and the company name', async () => {
      const orgQ = await insertOrgWithTeam(t);
      const pq = await insertProduct(t, orgQ.orgId);
      const post = (body: Record<string, unknown>) => as(orgQ.DEV).post(licensesPath(orgQ.orgId), { productId: pq, ...body });
      const generated = (await post({ key: 'Q1W0Z-ABCDE-FGHJK-MNPQR-STVWX' })).body.data.license;
      const custom = (await post({ key: 'custom_100-key' })).body.data.license;
      const byEmail = (await post({ contact: { email: 'Grace.Hopper@Navy.example' } })).body.data.license;
      const byCompany = (await post({ companyName: 'Hopper & Sons_Ltd' })).body.data.license;
      const q = async (value: string) =>
        ((await list(`?q=${encodeURIComponent(value)}`, orgQ.VIEWER, orgQ.orgId)).body.data.licenses as Array<{ id: string }>).map((l) => l.id).sort();

      expect(await q('q1w0z')).toEqual([generated.id]);
      expect(await q('QIWOZ-AB')).toEqual([generated.id]);
      expect(await q(' q1w0z-abc')).toEqual([generated.id]);
      expect(await q('W0Z')).toEqual([]); // a prefix, not a substring
      expect(await q('CUSTOM_100')).toEqual([custom.id]);
      expect(await q('grace.hopper@')).toEqual([byEmail.id]);
      expect(await q('NAVY.EXAMPLE')).toEqual([byEmail.id]);
      expect(await q('hopper')).toEqual([byEmail.id, byCompany.id].sort());
      expect(await q('& sons_')).toEqual([byCompany.id]);
      // LIKE wildcards in q are plain characters.
      expect(await q('%')).toEqual([]);
      expect(await q('_')).toEqual([byCompany.id]);
    });

    it('filters by each status exactly as the views derive it, at the server clock', async () => {
      const orgS = await insertOrgWithTeam(t);
      const ps = await insertProduct(t, orgS.orgId);
      const now = new Date('2031-03-10T12:00:00.000Z');
      t.clock.set(now);
      const at = (ms: number) => new Date(now.getTime() + ms);
      const cases: Array<[string, Parameters<typeof insertLicense>[3], string]> = [
        ['plain', {}, 'ACTIVE'],
        ['revoked', { revokedAt: at(-DAY) }, 'REVOKED'],
        ['revoked and locked', { revokedAt: at(-DAY), lockedAt: at(-DAY) }, 'REVOKED'],
        ['locked', { lockedAt: at(-DAY) }, 'LOCKED'],
        ['locked and frozen', { lockedAt: at(-DAY), frozenAt: at(-DAY) }, 'LOCKED'],
        ['frozen past its date', { frozenAt: at(-2 * DAY), expirationMode: 'fixed', expiresAt: at(-DAY) }, 'FROZEN'],
        ['fixed in the past', { expirationMode: 'fixed', expiresAt: at(-1) }, 'EXPIRED'],
        ['fixed exactly now', { expirationMode: 'fixed', expiresAt: now }, 'EXPIRED'],
        ['fixed in a millisecond', { expirationMode: 'fixed', expiresAt: at(1) }, 'ACTIVE'],
        ['afterActivation, not activated', { expirationMode: 'afterActivation', expiresAfterDays: 1 }, 'ACTIVE'],
        ['afterActivation, ran out', { expirationMode: 'afterActivation', expiresAfterDays: 2, activatedAt: at(-2 * DAY) }, 'EXPIRED'],
        ['afterActivation, running', { expirationMode: 'afterActivation', expiresAfterDays: 2, activatedAt: at(-2 * DAY + 2) }, 'ACTIVE'],
        ['both, relative bound reached first', { expirationMode: 'both', expiresAt: at(DAY), expiresAfterDays: 1, activatedAt: at(-DAY) }, 'EXPIRED'],
        ['both, neither reached', { expirationMode: 'both', expiresAt: at(DAY), expiresAfterDays: 3, activatedAt: at(-DAY) }, 'ACTIVE'],
      ];
      const expected = new Map<string, string>();
      for (const [, fields, status] of cases) expected.set((await insertLicense(t, orgS.orgId, ps, fields)).id, status);

      // Frozen time moves expiry later: stored frozen_ms decides these (fixed: all of it; relative: only after activation).
      const frozenCases: Array<[Parameters<typeof insertLicense>[3], number, number, string]> = [
        [{ expirationMode: 'fixed', expiresAt: at(-DAY) }, 2 * DAY, 0, 'ACTIVE'],
        [{ expirationMode: 'fixed', expiresAt: at(-DAY) }, DAY, 0, 'EXPIRED'],
        [{ expirationMode: 'afterActivation', expiresAfterDays: 1, activatedAt: at(-2 * DAY) }, 3 * DAY, DAY, 'ACTIVE'],
        [{ expirationMode: 'afterActivation', expiresAfterDays: 1, activatedAt: at(-2 * DAY) }, 3 * DAY, 2 * DAY, 'EXPIRED'],
        [{ expirationMode: 'both', expiresAt: at(DAY), expiresAfterDays: 1, activatedAt: at(-2 * DAY) }, 2 * DAY, 0, 'ACTIVE'],
      ];
      for (const [fields, frozenMs, beforeActivation, status] of frozenCases) {
        const { id } = await insertLicense(t, orgS.orgId, ps, fields);
        await t.dataSource.query('UPDATE licenses SET frozen_ms = $2, frozen_ms_before_activation = $3 WHERE id = $1', [id, frozenMs, beforeActivation]);
        expected.set(id, status);
      }

      const views = (await list('?pageSize=1000', orgS.VIEWER, orgS.orgId)).body.data.licenses as Array<{ id: string; status: string }>;
      expect(new Map(views.map((v) => [v.id, v.status]))).toEqual(expected);
      for (const status of ['ACTIVE', 'EXPIRED', 'FROZEN', 'LOCKED', 'REVOKED']) {
        const res = await list(`?status=${status}&pageSize=1000`, orgS.VIEWER, orgS.orgId);
        expect(res.status).toBe(200);
        const ids = (res.body.data.licenses as Array<{ id: string; status: string }>).map((l) => l.id).sort();
        expect(ids).toEqual([...expected].filter(([, s]) => s === status).map(([id]) => id).sort());
        expect(res.body.data.total).toBe(ids.length);
      }

      // The filter follows the clock: a millisecond later, the "in a millisecond" license is expired too.
      const before = (await list('?status=EXPIRED', orgS.VIEWER, orgS.orgId)).body.data.total;
      t.clock.set(at(1));
      expect((await list('?status=EXPIRED', orgS.VIEWER, orgS.orgId)).body.data.total).toBe(before + 1);
    });

    it('answers 401 without a token and 404 for an organization the caller is not in', async () => {
      expect((await anon.get(licensesPath(listTeam.orgId))).status).toBe(401);
      const res = await list('', other.VIEWER, listTeam.orgId);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    });

    it.each([
      ['status', '?status=DORMANT'],
      ['pageSize', '?pageSize=1001'],
      ['page', '?page=0'],
      ['productId', '?productId=abc'],
      ['q', `?q=${'x'.repeat(201)}`],
      ['sort', '?sort=key'],
    ])('answers 400 VALIDATION_ERROR for a bad %s', async (path, query) => {
      expectDetails(await list(query), 'VALIDATION_ERROR', path);
    });
  });

  describe('GET /v1/dashboard/licenses/:id and .../policy', () => {
    it('returns the license to any member, as created', async () => {
      const created = await createdLicense({ companyName: 'Read me' });
      const res = await as(team.VIEWER).get(licensePath(created.id));
      expect(res.status).toBe(200);
      expect(res.body.data.license).toEqual(created);
    });

    it('answers 401 without a token, 404 across organizations and for unknown or malformed ids', async () => {
      const created = await createdLicense();
      expect((await anon.get(licensePath(created.id))).status).toBe(401);
      expect((await as(other.OWNER).get(licensePath(created.id))).status).toBe(404);
      expect((await as(team.VIEWER).get(licensePath(randomUUID()))).status).toBe(404);
      expect((await as(team.VIEWER).get(licensePath('nope'))).status).toBe(404);
      expect((await as(other.OWNER).get(`${licensePath(created.id)}/policy`)).status).toBe(404);
      expect((await anon.get(`${licensePath(created.id)}/policy`)).status).toBe(401);
    });

    it('shows the default, the override and the effective policy with every default filled in', async () => {
      const withOverride = await createdLicense({ policyOverride: { limits: { hwid: { mode: 'limit' }, ip: { mode: 'sticky' } } } });
      const res = await as(team.VIEWER).get(`${licensePath(withOverride.id)}/policy`);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({
        default: DEFAULT_POLICY,
        override: { limits: { hwid: { mode: 'limit' }, ip: { mode: 'sticky' } } },
        effective: {
          v: 1,
          limits: {
            hwid: { mode: 'limit', maxDistinct: 3 },
            ip: { mode: 'sticky', maxDistinct: null, windowDays: null, limitType: 'ip' },
            concurrency: { mode: 'unlimited', maxActive: null, sessionTtlSeconds: 600 },
            resetBudget: { hwid: { max: null, cooldownHours: 0 }, ip: { max: null, cooldownHours: 0 } },
            misuse: { mode: 'off', maxDistinctContexts: null, windowHours: null },
          },
        },
      });
      const plain = await createdLicense();
      const res2 = await as(team.VIEWER).get(`${licensePath(plain.id)}/policy`);
      expect(res2.body.data).toMatchObject({ default: DEFAULT_POLICY, override: null, effective: { limits: { hwid: { mode: 'sticky', maxDistinct: 3 } } } });
    });
  });

  describe('PATCH /v1/dashboard/licenses/:id', () => {
    const patch = (id: string, body: unknown, user: { token: string } = team.DEV) => as(user).patch(licensePath(id), body);

    it('changes fields, writes license.updated with changedFields, and bumps updatedAt', async () => {
      const created = await createdLicense({ contact: { firstName: 'Ada', email: 'ada@example.test' }, metadata: { a: 1 } });
      const later = new Date(Date.now() + 60_000);
      t.clock.set(later);
      const res = await patch(created.id, {
        isTrial: true,
        companyName: 'New Co',
        contact: { lastName: 'Byron' },
        metadata: { b: 2 },
        policyOverride: { limits: { ip: { mode: 'sticky' } } },
      });
      expect(res.status).toBe(200);
      expect(res.body.data.license).toMatchObject({
        id: created.id,
        key: created.key,
        isTrial: true,
        companyName: 'New Co',
        contact: { firstName: null, lastName: 'Byron', email: null },
        metadata: { b: 2 },
        policyOverride: { limits: { ip: { mode: 'sticky' } } },
        createdAt: created.createdAt,
        updatedAt: later.toISOString(),
      });
      expect((await as(team.VIEWER).get(licensePath(created.id))).body.data.license).toEqual(res.body.data.license);
      const events = await eventsOf(created.id);
      expect(events.map((e) => e.type)).toEqual(['license.created', 'license.updated']);
      expect(events[1]).toMatchObject({
        actor_type: 'user',
        actor_id: team.DEV.userId,
        product_id: productId,
        data: { changedFields: ['policyOverride', 'isTrial', 'contact', 'companyName', 'metadata'] },
      });
    });

    it('writes nothing for a PATCH that changes nothing', async () => {
      const created = await createdLicense({ companyName: 'Same', metadata: { x: { y: 1, z: 2 } }, expirationMode: 'fixed', expiresAt: '2099-01-01T00:00:00Z' });
      for (const body of [{}, { companyName: 'Same', metadata: { x: { z: 2, y: 1 } } }, { expiresAt: '2099-01-01T00:00:00.000Z', frozen: false, policyOverride: null }]) {
        const res = await patch(created.id, body);
        expect(res.status).toBe(200);
        expect(res.body.data.license.updatedAt).toBe(created.updatedAt);
      }
      expect((await eventsOf(created.id)).map((e) => e.type)).toEqual(['license.created']);
    });

    it('validates the expiration fields as the combination they leave: a mode change sends what it needs and null for what it drops', async () => {
      const fixed = await createdLicense({ expirationMode: 'fixed', expiresAt: '2099-01-01T00:00:00Z' });
      expectDetails(await patch(fixed.id, { expirationMode: 'never' }), 'VALIDATION_ERROR', 'expiresAt');
      expectDetails(await patch(fixed.id, { expirationMode: 'afterActivation', expiresAfterDays: 5 }), 'VALIDATION_ERROR', 'expiresAt');
      expectDetails(await patch(fixed.id, { expirationMode: 'both' }), 'VALIDATION_ERROR', 'expiresAfterDays');
      expectDetails(await patch(fixed.id, { expiresAt: null }), 'VALIDATION_ERROR', 'expiresAt');
      expectDetails(await patch(fixed.id, { expiresAfterDays: 4 }), 'VALIDATION_ERROR', 'expiresAfterDays');
      expect((await eventsOf(fixed.id)).map((e) => e.type)).toEqual(['license.created']);

      const toRelative = await patch(fixed.id, { expirationMode: 'afterActivation', expiresAt: null, expiresAfterDays: 5 });
      expect(toRelative.status).toBe(200);
      expect(toRelative.body.data.license).toMatchObject({ expirationMode: 'afterActivation', expiresAt: null, expiresAfterDays: 5, effectiveExpiresAt: null });
      const toBoth = await patch(fixed.id, { expirationMode: 'both', expiresAt: '2098-01-01T00:00:00Z' });
      expect(toBoth.status).toBe(200);
      expect(toBoth.body.data.license).toMatchObject({ expirationMode: 'both', expiresAt: '2098-01-01T00:00:00.000Z', expiresAfterDays: 5 });
      const past = new Date(Date.now() - DAY).toISOString();
      const expired = await patch(fixed.id, { expiresAt: past });
      expect(expired.body.data.license).toMatchObject({ status: 'EXPIRED', effectiveExpiresAt: past });
      const toNever = await patch(fixed.id, { expirationMode: 'never', expiresAt: null, expiresAfterDays: null });
      expect(toNever.body.data.license).toMatchObject({ status: 'ACTIVE', expirationMode: 'never', expiresAt: null, expiresAfterDays: null });

      const events = await eventsOf(fixed.id);
      expect(events.map((e) => e.data.changedFields)).toEqual([
        undefined,
        ['expirationMode', 'expiresAt', 'expiresAfterDays'],
        ['expirationMode', 'expiresAt'],
        ['expiresAt'],
        ['expirationMode', 'expiresAt', 'expiresAfterDays'],
      ]);
    });

    it('re-validates policyOverride against the product default, and null clears it', async () => {
      const created = await createdLicense({ policyOverride: { limits: { hwid: { mode: 'limit' } } } });
      expectDetails(await patch(created.id, { policyOverride: { limits: { concurrency: { mode: 'limit' } } } }), 'INVALID_POLICY', 'policyOverride.limits.concurrency.maxActive');
      expectDetails(await patch(created.id, { policyOverride: { limits: { hwid: { maxDistinct: 0 } } } }), 'INVALID_POLICY', 'policyOverride.limits.hwid.maxDistinct');
      const cleared = await patch(created.id, { policyOverride: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body.data.license.policyOverride).toBeNull();
      const [row] = await licenseRows('id = $1', [created.id]);
      expect(row!.policy_override).toBeNull();
      expect((await eventsOf(created.id)).map((e) => e.data.changedFields ?? e.type)).toEqual(['license.created', ['policyOverride']]);
    });

    it('clears contact with null and metadata with null ({})', async () => {
      const created = await createdLicense({ contact: { email: 'x@example.test' }, metadata: { k: 'v' } });
      const res = await patch(created.id, { contact: null, metadata: null, companyName: null });
      expect(res.status).toBe(200);
      expect(res.body.data.license).toMatchObject({ contact: { firstName: null, lastName: null, email: null }, metadata: {}, companyName: null });
    });

    it('answers 401, 403 to a VIEWER, 404 across organizations', async () => {
      const created = await createdLicense();
      expect((await anon.patch(licensePath(created.id), { isTrial: true })).status).toBe(401);
      const viewer = await patch(created.id, { isTrial: true }, team.VIEWER);
      expect(viewer.status).toBe(403);
      expect(viewer.body.error.code).toBe('FORBIDDEN');
      expect((await patch(created.id, { isTrial: true }, other.OWNER)).status).toBe(404);
      expect((await patch(randomUUID(), { isTrial: true })).status).toBe(404);
      expect((await eventsOf(created.id)).map((e) => e.type)).toEqual(['license.created']);
    });

    it.each([
      ['frozen as a string', { frozen: 'yes' }, 'frozen'],
      ['a null frozen', { frozen: null }, 'frozen'],
      ['a null isTrial', { isTrial: null }, 'isTrial'],
      ['an unknown mode', { expirationMode: 'daily' }, 'expirationMode'],
      ['expiresAt not a date', { expiresAt: '31/12/2030' }, 'expiresAt'],
      ['expiresAfterDays 0', { expiresAfterDays: 0 }, 'expiresAfterDays'],
      ['metadata above 16 KB', { metadata: { blob: 'y'.repeat(17_000) } }, 'metadata'],
      ['a bad contact email', { contact: { email: 'nope' } }, 'contact.email'],
      ['a key (not changeable)', { key: 'NEW-KEY-123' }, 'key'],
      ['productId (not changeable)', { productId: randomUUID() }, 'productId'],
      ['an unknown field', { status: 'ACTIVE' }, 'status'],
    ])('answers 400 VALIDATION_ERROR for %s', async (_label, body, path) => {
      const created = await createdLicense();
      expectDetails(await patch(created.id, body), 'VALIDATION_ERROR', path);
    });
  });

  describe('DELETE /v1/dashboard/licenses/:id', () => {
    it('deletes the license with its bindings and sessions, and writes license.deleted', async () => {
      const created = await createdLicense();
      const now = new Date();
      await t.dataSource.query(`INSERT INTO bindings (license_id, type, value_hash, first_seen_at, last_seen_at) VALUES ($1, 'HWID', $2, $3, $3)`, [created.id, sha256Hex('hw'), now]);
      await t.dataSource.query(
        `INSERT INTO sessions (license_id, session_id_hash, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $3)`,
        [created.id, sha256Hex('s'), now],
      );
      const res = await as(team.DEV).delete(licensePath(created.id));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true, data: { deleted: true } });
      expect(await licenseRows('id = $1', [created.id])).toHaveLength(0);
      expect(await t.dataSource.query('SELECT 1 FROM bindings WHERE license_id = $1', [created.id])).toHaveLength(0);
      expect(await t.dataSource.query('SELECT 1 FROM sessions WHERE license_id = $1', [created.id])).toHaveLength(0);
      const events = await eventsOf(created.id);
      expect(events.map((e) => e.type)).toEqual(['license.created', 'license.deleted']);
      expect(events[1]).toMatchObject({ actor_id: team.DEV.userId, product_id: productId, data: { bindingsDeleted: 1, sessionsDeleted: 1 } });
      expect((await as(team.DEV).delete(licensePath(created.id))).status).toBe(404);
      expect((await as(team.VIEWER).get(licensePath(created.id))).status).toBe(404);
    });

    it('answers 401, 403 to a VIEWER, 404 across organizations, and keeps the license', async () => {
      const created = await createdLicense();
      expect((await anon.delete(licensePath(created.id))).status).toBe(401);
      expect((await as(team.VIEWER).delete(licensePath(created.id))).status).toBe(403);
      expect((await as(other.OWNER).delete(licensePath(created.id))).status).toBe(404);
      expect(await licenseRows('id = $1', [created.id])).toHaveLength(1);
    });
  });

  describe('product default policy vs license overrides (API.md §3)', () => {
    it('refuses a new default that would break an override written through the API, until the override changes', async () => {
      const pid = (await as(team.ADMIN).post(`/v1/dashboard/orgs/${team.orgId}/products`, {
        name: 'Overrides',
        code: `OV_${randomBytes(4).toString('hex').toUpperCase()}`,
        defaultLicensePolicy: { limits: { concurrency: { mode: 'unlimited', maxActive: 2 } } },
      })).body.data.product.id as string;
      const license = await createdLicense({ productId: pid, policyOverride: { limits: { concurrency: { mode: 'limit' } } } });

      const productPath = `/v1/dashboard/products/${pid}`;
      const refused = await as(team.ADMIN).patch(productPath, { defaultLicensePolicy: {} });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('INVALID_POLICY');
      expect(refused.body.error.details.map((d: Detail) => d.message).join('\n')).toContain(license.id);

      expect((await as(team.DEV).patch(licensePath(license.id), { policyOverride: { limits: { concurrency: { mode: 'limit', maxActive: 1 } } } })).status).toBe(200);
      const accepted = await as(team.ADMIN).patch(productPath, { defaultLicensePolicy: {} });
      expect(accepted.status).toBe(200);
      const policy = await as(team.VIEWER).get(`${licensePath(license.id)}/policy`);
      expect(policy.body.data).toMatchObject({ default: {}, effective: { limits: { concurrency: { mode: 'limit', maxActive: 1 } } } });
    });
  });
});
