import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { auditEvents, HttpClient, insertApiKey, insertOrgWithTeam, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { authorize } from './support/authorize-client.js';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

const DAY = 86_400_000;
const T0 = new Date('2032-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('license lifecycle (API.md §4): revoke, unrevoke, unlock, freeze, bulk', () => {
  let t: TestApp;
  let team: Team;
  let other: Team;
  let productId: string;
  let otherProductId: string;
  let anon: HttpClient;
  const as = (user: { token: string }) => new HttpClient(t.baseUrl).bearer(user.token);

  beforeAll(async () => {
    t = await startTestApp();
    team = await insertOrgWithTeam(t);
    other = await insertOrgWithTeam(t);
    productId = await insertProduct(t, team.orgId);
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
  const bulkPath = (orgId: string) => `${licensesPath(orgId)}/bulk`;

  async function newLicense(body: Record<string, unknown> = {}, owner: Team = team, pid = productId) {
    const res = await as(owner.DEV).post(licensesPath(owner.orgId), { productId: pid, ...body });
    expect(res.status).toBe(201);
    return res.body.data.license as { id: string; key: string; [k: string]: any };
  }

  const get = async (id: string) => (await as(team.VIEWER).get(licensePath(id))).body.data.license;
  const types = async (licenseId: string, orgId = team.orgId) =>
    (await auditEvents(t, orgId)).filter((e) => e.license_id === licenseId).map((e) => e.type);
  const eventsOf = async (licenseId: string, orgId = team.orgId) => (await auditEvents(t, orgId)).filter((e) => e.license_id === licenseId);
  const row = async (id: string) => ((await t.dataSource.query('SELECT * FROM licenses WHERE id = $1', [id])) as Array<Record<string, any>>)[0]!;

  describe('POST /v1/dashboard/licenses/:id/revoke and /unrevoke', () => {
    it('revokes with a reason (license.revoked), answers a repeated revoke with 200 and no event, and unrevokes', async () => {
      const license = await newLicense();
      t.clock.set(T0);
      const res = await as(team.DEV).post(`${licensePath(license.id)}/revoke`, { reason: 'chargeback' });
      expect(res.status).toBe(200);
      expect(res.body.data.license).toMatchObject({ id: license.id, status: 'REVOKED', revokedAt: T0.toISOString(), revokeReason: 'chargeback', updatedAt: T0.toISOString() });
      expect(await row(license.id)).toMatchObject({ revoked_at: T0, revoke_reason: 'chargeback' });
      const [created, revoked] = await eventsOf(license.id);
      expect(created!.type).toBe('license.created');
      expect(revoked).toMatchObject({ type: 'license.revoked', actor_type: 'user', actor_id: team.DEV.userId, product_id: productId, data: { reason: 'chargeback' } });

      // Idempotent: the first revocation (time and reason) stands and nothing new is recorded.
      t.clock.set(at(DAY));
      const again = await as(team.ADMIN).post(`${licensePath(license.id)}/revoke`, { reason: 'another' });
      expect(again.status).toBe(200);
      expect(again.body.data.license).toMatchObject({ status: 'REVOKED', revokedAt: T0.toISOString(), revokeReason: 'chargeback', updatedAt: T0.toISOString() });
      expect(await types(license.id)).toEqual(['license.created', 'license.revoked']);

      const unrevoked = await as(team.DEV).post(`${licensePath(license.id)}/unrevoke`);
      expect(unrevoked.status).toBe(200);
      expect(unrevoked.body.data.license).toMatchObject({ status: 'ACTIVE', revokedAt: null, revokeReason: null, updatedAt: at(DAY).toISOString() });
      expect((await as(team.DEV).post(`${licensePath(license.id)}/unrevoke`)).status).toBe(200);
      expect(await types(license.id)).toEqual(['license.created', 'license.revoked', 'license.unrevoked']);
      expect(await get(license.id)).toMatchObject({ status: 'ACTIVE' });
    });

    it('revokes without a body (reason null)', async () => {
      const license = await newLicense();
      const res = await as(team.DEV).request('POST', `${licensePath(license.id)}/revoke`);
      expect(res.status).toBe(200);
      expect(res.body.data.license).toMatchObject({ status: 'REVOKED', revokeReason: null });
      expect((await eventsOf(license.id))[1]).toMatchObject({ type: 'license.revoked', data: { reason: null } });
    });

    it('answers 401, 403 to a VIEWER, 404 across organizations and for unknown ids, 400 for a bad reason', async () => {
      const license = await newLicense();
      for (const action of ['revoke', 'unrevoke', 'unlock']) {
        const path = `${licensePath(license.id)}/${action}`;
        expect((await anon.post(path)).status).toBe(401);
        const viewer = await as(team.VIEWER).post(path);
        expect(viewer.status).toBe(403);
        expect(viewer.body.error.code).toBe('FORBIDDEN');
        expect((await as(other.OWNER).post(path)).status).toBe(404);
        expect((await as(team.DEV).post(`${licensePath(randomUUID())}/${action}`)).status).toBe(404);
      }
      for (const body of [{ reason: 42 }, { reason: 'r'.repeat(501) }, { why: 'x' }]) {
        const res = await as(team.DEV).post(`${licensePath(license.id)}/revoke`, body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_ERROR');
      }
      expect(await types(license.id)).toEqual(['license.created']);
      expect((await get(license.id)).status).toBe('ACTIVE');
    });
  });

  describe('POST /v1/dashboard/licenses/:id/unlock', () => {
    it('lifts a lock (license.unlocked), and is a no-op on an unlocked license', async () => {
      const license = await newLicense();
      await t.dataSource.query(`UPDATE licenses SET locked_at = $2, lock_reason = 'misuse: 9 contexts in 1 h' WHERE id = $1`, [license.id, T0]);
      expect(await get(license.id)).toMatchObject({ status: 'LOCKED', lockedAt: T0.toISOString(), lockReason: 'misuse: 9 contexts in 1 h' });

      const res = await as(team.DEV).post(`${licensePath(license.id)}/unlock`);
      expect(res.status).toBe(200);
      expect(res.body.data.license).toMatchObject({ status: 'ACTIVE', lockedAt: null, lockReason: null });
      expect(await row(license.id)).toMatchObject({ locked_at: null, lock_reason: null });
      expect((await eventsOf(license.id))[1]).toMatchObject({
        type: 'license.unlocked',
        actor_id: team.DEV.userId,
        data: { lockedAt: T0.toISOString(), lockReason: 'misuse: 9 contexts in 1 h' },
      });

      expect((await as(team.DEV).post(`${licensePath(license.id)}/unlock`)).status).toBe(200);
      expect(await types(license.id)).toEqual(['license.created', 'license.unlocked']);
    });

    it('keeps the precedence: a revoked and locked license stays REVOKED when unlocked', async () => {
      const license = await newLicense();
      await as(team.DEV).post(`${licensePath(license.id)}/revoke`);
      await t.dataSource.query(`UPDATE licenses SET locked_at = now() WHERE id = $1`, [license.id]);
      expect((await get(license.id)).status).toBe('REVOKED');
      const res = await as(team.DEV).post(`${licensePath(license.id)}/unlock`);
      expect(res.body.data.license).toMatchObject({ status: 'REVOKED', lockedAt: null });
    });
  });

  describe('freezing (PATCH {frozen}): expiry pauses', () => {
    it('moves a fixed expiry later by the time spent frozen; a frozen license never expires while frozen', async () => {
      t.clock.set(T0);
      const license = await newLicense({ expirationMode: 'fixed', expiresAt: at(10 * DAY).toISOString() });
      expect(license).toMatchObject({ status: 'ACTIVE', effectiveExpiresAt: at(10 * DAY).toISOString() });

      t.clock.set(at(DAY));
      const frozen = await as(team.DEV).patch(licensePath(license.id), { frozen: true });
      expect(frozen.status).toBe(200);
      expect(frozen.body.data.license).toMatchObject({ status: 'FROZEN', frozen: true, frozenAt: at(DAY).toISOString(), effectiveExpiresAt: at(10 * DAY).toISOString() });
      expect((await eventsOf(license.id))[1]).toMatchObject({ type: 'license.frozen', actor_id: team.DEV.userId });

      // Well past the original date: still FROZEN, and the expiry keeps moving with the frozen time.
      t.clock.set(at(21 * DAY));
      expect(await get(license.id)).toMatchObject({ status: 'FROZEN', effectiveExpiresAt: at(30 * DAY).toISOString() });
      const list = async (status: string) =>
        ((await as(team.VIEWER).get(`${licensesPath(team.orgId)}?status=${status}&pageSize=1000`)).body.data.licenses as Array<{ id: string }>).some(
          (l) => l.id === license.id,
        );
      expect(await list('FROZEN')).toBe(true);
      expect(await list('EXPIRED')).toBe(false);

      // Freezing a frozen license changes nothing and records nothing.
      expect((await as(team.DEV).patch(licensePath(license.id), { frozen: true })).body.data.license.frozenAt).toBe(at(DAY).toISOString());

      const unfrozen = await as(team.DEV).patch(licensePath(license.id), { frozen: false });
      expect(unfrozen.body.data.license).toMatchObject({ status: 'ACTIVE', frozen: false, frozenAt: null, effectiveExpiresAt: at(30 * DAY).toISOString() });
      expect(await row(license.id)).toMatchObject({ frozen_at: null, frozen_ms: String(20 * DAY) });
      expect((await eventsOf(license.id))[2]).toMatchObject({ type: 'license.unfrozen', data: { frozenForMs: 20 * DAY } });
      expect((await as(team.DEV).patch(licensePath(license.id), { frozen: false })).status).toBe(200);
      expect(await types(license.id)).toEqual(['license.created', 'license.frozen', 'license.unfrozen']);

      t.clock.set(at(30 * DAY - 1));
      expect((await get(license.id)).status).toBe('ACTIVE');
      expect(await list('ACTIVE')).toBe(true);
      t.clock.set(at(30 * DAY));
      expect((await get(license.id)).status).toBe('EXPIRED');
      expect(await list('EXPIRED')).toBe(true);
      expect(await list('ACTIVE')).toBe(false);
    });

    it('writes license.updated and license.frozen when a PATCH freezes and changes fields', async () => {
      const license = await newLicense();
      const res = await as(team.DEV).patch(licensePath(license.id), { frozen: true, isTrial: true });
      expect(res.body.data.license).toMatchObject({ status: 'FROZEN', isTrial: true });
      const events = await eventsOf(license.id);
      expect(events.map((e) => e.type)).toEqual(['license.created', 'license.updated', 'license.frozen']);
      expect(events[1]!.data).toEqual({ changedFields: ['isTrial'] });
    });

    it('pauses the days-after-activation bound only for frozen time after activation (activation through authorize)', async () => {
      const apiKey = await insertApiKey(t, team.orgId, productId, ['license:authorize']);
      const realStart = new Date();
      // Frozen two days before its first use: that time never ran the relative clock.
      t.clock.set(new Date(realStart.getTime() - 2 * DAY));
      const license = await newLicense({ expirationMode: 'afterActivation', expiresAfterDays: 10 });
      await as(team.DEV).patch(licensePath(license.id), { frozen: true });
      t.clock.reset();

      // Frozen licenses still authorize; the first success activates.
      const decision = await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key });
      expect(decision.status).toBe(200);
      const activatedAt = new Date((await get(license.id)).activatedAt).getTime();

      // Three more frozen days after activation, then unfrozen: the bound moves by those three only.
      t.clock.set(new Date(activatedAt + 3 * DAY));
      const unfrozen = await as(team.DEV).patch(licensePath(license.id), { frozen: false });
      expect(unfrozen.body.data.license).toMatchObject({ status: 'ACTIVE', effectiveExpiresAt: new Date(activatedAt + 13 * DAY).toISOString() });
      t.clock.set(new Date(activatedAt + 13 * DAY - 1));
      expect((await get(license.id)).status).toBe('ACTIVE');
      t.clock.set(new Date(activatedAt + 13 * DAY));
      expect((await get(license.id)).status).toBe('EXPIRED');
      const expired = (await as(team.VIEWER).get(`${licensesPath(team.orgId)}?status=EXPIRED&pageSize=1000`)).body.data.licenses as Array<{ id: string }>;
      expect(expired.map((l) => l.id)).toContain(license.id);
    });
  });

  describe('POST /v1/dashboard/orgs/:orgId/licenses/bulk', () => {
    const bulk = (body: unknown, user: { token: string } = team.DEV, orgId = team.orgId) => as(user).post(bulkPath(orgId), body);

    it('revokes many at once, reports other organizations’ and unknown ids as NOT_FOUND, and writes one event per change', async () => {
      const mine = [await newLicense(), await newLicense(), await newLicense()];
      const theirs = await newLicense({}, other, otherProductId);
      const unknown = randomUUID();
      const ids = [mine[0]!.id, theirs.id, mine[1]!.id, unknown, mine[2]!.id, mine[0]!.id];
      t.clock.set(T0);

      const res = await bulk({ action: 'revoke', licenseIds: ids, reason: 'fraud ring' });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({
        updated: 3,
        results: [
          { id: mine[0]!.id, ok: true },
          { id: theirs.id, ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } },
          { id: mine[1]!.id, ok: true },
          { id: unknown, ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } },
          { id: mine[2]!.id, ok: true },
        ],
      });
      for (const l of mine) {
        expect(await get(l.id)).toMatchObject({ status: 'REVOKED', revokedAt: T0.toISOString(), revokeReason: 'fraud ring' });
        expect((await eventsOf(l.id))[1]).toMatchObject({ type: 'license.revoked', actor_id: team.DEV.userId, product_id: productId, data: { reason: 'fraud ring', bulk: true } });
      }
      expect((await as(other.VIEWER).get(licensePath(theirs.id))).body.data.license.status).toBe('ACTIVE');
      expect(await types(theirs.id, other.orgId)).toEqual(['license.created']);
      expect((await auditEvents(t, team.orgId)).some((e) => e.license_id === theirs.id)).toBe(false);

      // Again: every id already revoked is ok, nothing changes, nothing is recorded.
      const again = await bulk({ action: 'revoke', licenseIds: mine.map((l) => l.id) });
      expect(again.body.data).toEqual({ updated: 0, results: mine.map((l) => ({ id: l.id, ok: true })) });
      for (const l of mine) expect(await types(l.id)).toEqual(['license.created', 'license.revoked']);

      const unrevoke = await bulk({ action: 'unrevoke', licenseIds: mine.map((l) => l.id) });
      expect(unrevoke.body.data.updated).toBe(3);
      for (const l of mine) {
        expect(await get(l.id)).toMatchObject({ status: 'ACTIVE', revokedAt: null, revokeReason: null });
        expect(await types(l.id)).toEqual(['license.created', 'license.revoked', 'license.unrevoked']);
      }
    });

    it('freezes and unfreezes with the same frozen-time accounting as PATCH', async () => {
      t.clock.set(T0);
      const fixed = await newLicense({ expirationMode: 'fixed', expiresAt: at(5 * DAY).toISOString() });
      const plain = await newLicense();
      const ids = [fixed.id, plain.id];
      expect((await bulk({ action: 'freeze', licenseIds: ids })).body.data.updated).toBe(2);
      expect(await get(fixed.id)).toMatchObject({ status: 'FROZEN', frozenAt: T0.toISOString() });

      t.clock.set(at(7 * DAY));
      const res = await bulk({ action: 'unfreeze', licenseIds: ids });
      expect(res.body.data.updated).toBe(2);
      expect(await get(fixed.id)).toMatchObject({ status: 'ACTIVE', frozen: false, effectiveExpiresAt: at(12 * DAY).toISOString() });
      expect(await row(plain.id)).toMatchObject({ frozen_at: null, frozen_ms: String(7 * DAY) });
      expect((await eventsOf(fixed.id)).map((e) => [e.type, e.data])).toEqual([
        ['license.created', expect.anything()],
        ['license.frozen', { bulk: true }],
        ['license.unfrozen', { frozenForMs: 7 * DAY, bulk: true }],
      ]);
    });

    it('accepts 1000 ids', async () => {
      const license = await newLicense();
      const ids = [license.id, ...Array.from({ length: 999 }, () => randomUUID())];
      const res = await bulk({ action: 'freeze', licenseIds: ids });
      expect(res.status).toBe(200);
      expect(res.body.data.updated).toBe(1);
      expect(res.body.data.results).toHaveLength(1000);
      expect(res.body.data.results.filter((r: { ok: boolean }) => !r.ok)).toHaveLength(999);
    });

    it('changes all or nothing: a failure while recording the events leaves every license as it was', async () => {
      const failing = await insertOrgWithTeam(t);
      const pid = await insertProduct(t, failing.orgId);
      const licenses = [await newLicense({}, failing, pid), await newLicense({}, failing, pid)];
      const before = await auditEvents(t, failing.orgId);
      await t.dataSource.query(`CREATE FUNCTION fail_bulk_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.org_id = '${failing.orgId}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
      await t.dataSource.query(`CREATE TRIGGER fail_bulk_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION fail_bulk_audit()`);
      try {
        const res = await as(failing.DEV).post(bulkPath(failing.orgId), { action: 'revoke', licenseIds: licenses.map((l) => l.id) });
        expect(res.status).toBe(500);
        const single = await as(failing.DEV).post(`${licensePath(licenses[0]!.id)}/revoke`);
        expect(single.status).toBe(500);
      } finally {
        await t.dataSource.query(`DROP TRIGGER fail_bulk_audit ON audit_events`);
        await t.dataSource.query(`DROP FUNCTION fail_bulk_audit()`);
      }
      for (const l of licenses) expect(await row(l.id)).toMatchObject({ revoked_at: null });
      expect(await auditEvents(t, failing.orgId)).toHaveLength(before.length);
    });

    it('answers 401, 403 to a VIEWER, 404 for an organization the caller is not in', async () => {
      const license = await newLicense();
      const body = { action: 'revoke', licenseIds: [license.id] };
      expect((await anon.post(bulkPath(team.orgId), body)).status).toBe(401);
      const viewer = await bulk(body, team.VIEWER);
      expect(viewer.status).toBe(403);
      expect(viewer.body.error.code).toBe('FORBIDDEN');
      expect((await bulk(body, other.DEV, team.orgId)).status).toBe(404);
      expect((await get(license.id)).status).toBe('ACTIVE');
    });

    it.each([
      ['an unknown action', { action: 'delete', licenseIds: [randomUUID()] }, 'action'],
      ['unlock (not a bulk action)', { action: 'unlock', licenseIds: [randomUUID()] }, 'action'],
      ['a missing action', { licenseIds: [randomUUID()] }, 'action'],
      ['no ids', { action: 'revoke', licenseIds: [] }, 'licenseIds'],
      ['1001 ids', { action: 'revoke', licenseIds: Array.from({ length: 1001 }, () => randomUUID()) }, 'licenseIds'],
      ['an id that is not a UUID', { action: 'revoke', licenseIds: [randomUUID(), 'abc'] }, 'licenseIds'],
      ['ids that are not an array', { action: 'revoke', licenseIds: randomUUID() }, 'licenseIds'],
      ['a reason with another action', { action: 'freeze', licenseIds: [randomUUID()], reason: 'x' }, 'reason'],
      ['a reason of the wrong type', { action: 'revoke', licenseIds: [randomUUID()], reason: 1 }, 'reason'],
      ['an unknown field', { action: 'revoke', licenseIds: [randomUUID()], force: true }, 'force'],
    ])('answers 400 VALIDATION_ERROR for %s', async (_label, body, path) => {
      const res = await bulk(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    });
  });
});
