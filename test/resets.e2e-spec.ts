import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { auditEvents, HttpClient, insertApiKey, insertLicense, insertOrgWithTeam, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { authorize } from './support/authorize-client.js';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;
const HOUR = 3_600_000;

describe('binding resets with budgets (API.md §6, §4b)', () => {
  let t: TestApp;
  let team: Team;
  let other: Team;
  const as = (user: { token: string }) => new HttpClient(t.baseUrl).bearer(user.token);

  beforeAll(async () => {
    t = await startTestApp();
    team = await insertOrgWithTeam(t);
    other = await insertOrgWithTeam(t);
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => t.clock.reset());

  async function setup(limits: Record<string, unknown>) {
    const productId = await insertProduct(t, team.orgId, { limits });
    const apiKey = await insertApiKey(t, team.orgId, productId, ['license:authorize', 'license:assert-ip']);
    const license = await insertLicense(t, team.orgId, productId);
    const call = (body: Record<string, unknown>) => authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, ...body });
    return { productId, license, call, hwidPath: `/v1/dashboard/licenses/${license.id}/reset-hwid`, ipPath: `/v1/dashboard/licenses/${license.id}/reset-ip` };
  }

  const activeBindings = async (licenseId: string, type: string) =>
    ((await t.dataSource.query(`SELECT count(*)::int AS n FROM bindings WHERE license_id = $1 AND type = $2 AND revoked_at IS NULL`, [licenseId, type])) as Array<{
      n: number;
    }>)[0]!.n;

  it('after a reset a sticky license moves to a new machine and the old one is refused', async () => {
    const { call, hwidPath, license } = await setup({ hwid: { mode: 'sticky' } });
    expect((await call({ hwid: 'old-pc' })).status).toBe(200);
    expect((await call({ hwid: 'new-pc' })).body.reasonCode).toBe('HWID_MISMATCH');
    const res = await as(team.DEV).post(hwidPath, {});
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ revoked: 1, resetsUsed: 1, resetsRemaining: 'unlimited', nextResetAt: null });
    expect(await activeBindings(license.id, 'HWID')).toBe(0);
    expect((await call({ hwid: 'new-pc' })).status).toBe(200);
    expect((await call({ hwid: 'old-pc' })).body.reasonCode).toBe('HWID_MISMATCH');
    const [event] = (await auditEvents(t, team.orgId)).filter((e) => e.license_id === license.id && e.type === 'license.hwid_reset');
    expect(event).toMatchObject({ actor_type: 'user', actor_id: team.DEV.userId, data: { revoked: 1, forced: false, resetsUsed: 1 } });
  });

  it('spends the budget: cooldown with retryAfter, then exhausted (which wins over cooldown); every reset spends one, even with nothing to revoke', async () => {
    // the clock stays near real time: the signed authorize calls are checked against it
    const start = new Date(Math.floor(Date.now() / 1000) * 1000);
    t.clock.set(start);
    const { call, hwidPath, license } = await setup({ hwid: { mode: 'limit', maxDistinct: 2 }, resetBudget: { hwid: { max: 2, cooldownHours: 1 } } });
    await call({ hwid: 'a' });
    await call({ hwid: 'b' });
    const first = await as(team.DEV).post(hwidPath, {});
    expect(first.body.data).toEqual({ revoked: 2, resetsUsed: 1, resetsRemaining: 1, nextResetAt: new Date(start.getTime() + HOUR).toISOString() });

    t.clock.advance(30 * 60_000);
    const cooling = await as(team.DEV).post(hwidPath, {});
    expect(cooling.status).toBe(409);
    expect(cooling.body.error).toMatchObject({ code: 'RESET_COOLDOWN', retryAfter: 1800 });
    expect(cooling.headers.get('retry-after')).toBe('1800');

    t.clock.advance(30 * 60_000);
    const second = await as(team.DEV).post(hwidPath, {});
    expect(second.body.data).toEqual({ revoked: 0, resetsUsed: 2, resetsRemaining: 0, nextResetAt: null });
    const exhausted = await as(team.DEV).post(hwidPath, {});
    expect(exhausted.status).toBe(409);
    expect(exhausted.body.error.code).toBe('RESET_BUDGET_EXHAUSTED');
    t.clock.advance(10 * HOUR);
    expect((await as(team.DEV).post(hwidPath, {})).body.error.code).toBe('RESET_BUDGET_EXHAUSTED');
    expect((await auditEvents(t, team.orgId)).filter((e) => e.license_id === license.id && e.type === 'license.hwid_reset')).toHaveLength(2);
  });

  it('max 0 is RESET_NOT_ALLOWED; force (ADMIN or OWNER) skips the budget, spends nothing and is recorded; DEV may not force', async () => {
    const { call, ipPath, license } = await setup({ ip: { mode: 'sticky' }, resetBudget: { ip: { max: 0, cooldownHours: 0 } } });
    await call({ ip: '203.0.113.10' });
    const refused = await as(team.DEV).post(ipPath, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('RESET_NOT_ALLOWED');
    const devForce = await as(team.DEV).post(ipPath, { force: true });
    expect(devForce.status).toBe(403);
    expect(devForce.body.error.code).toBe('FORBIDDEN');
    const forced = await as(team.ADMIN).post(ipPath, { force: true });
    expect(forced.status).toBe(200);
    expect(forced.body.data).toEqual({ revoked: 1, resetsUsed: 0, resetsRemaining: 0, nextResetAt: null });
    expect((await call({ ip: '198.51.100.20' })).status).toBe(200);
    const events = (await auditEvents(t, team.orgId)).filter((e) => e.license_id === license.id && e.type === 'license.ip_reset');
    expect(events.map((e) => e.data)).toEqual([{ revoked: 1, forced: true, resetsUsed: 0, resetsRemaining: 0 }]);
  });

  it('twenty parallel resets never spend more than the budget', async () => {
    const { call, hwidPath, license } = await setup({ hwid: { mode: 'sticky' }, resetBudget: { hwid: { max: 3, cooldownHours: 0 } } });
    await call({ hwid: 'pc' });
    const results = await Promise.all(Array.from({ length: 20 }, () => as(team.DEV).post(hwidPath, {})));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(17);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'RESET_BUDGET_EXHAUSTED')).toBe(true);
    expect(results.filter((r) => r.status === 200).map((r) => r.body.data.resetsUsed).sort()).toEqual([1, 2, 3]);
    const [row] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM license_resets WHERE license_id = $1`, [license.id])) as Array<{ n: number }>;
    expect(row!.n).toBe(3);
    expect((await auditEvents(t, team.orgId)).filter((e) => e.license_id === license.id && e.type === 'license.hwid_reset')).toHaveLength(3);
  });

  it('401 without a token, 403 for VIEWER, 404 across orgs, 400 for a bad body', async () => {
    const { hwidPath } = await setup({});
    expect((await new HttpClient(t.baseUrl).post(hwidPath, {})).status).toBe(401);
    expect((await as(team.VIEWER).post(hwidPath, {})).status).toBe(403);
    expect((await as(other.OWNER).post(hwidPath, {})).status).toBe(404);
    const bad = await as(team.DEV).post(hwidPath, { force: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['force']);
    expect((await as(team.DEV).post(hwidPath, { everything: true })).status).toBe(400);
  });

  it('API-key routes (§4b): license:write, never force, scoped to the key product', async () => {
    const { productId, call, license } = await setup({ hwid: { mode: 'sticky' } });
    await call({ hwid: 'pc-1' });
    const writer = await insertApiKey(t, team.orgId, productId, ['license:write']);
    const reader = await insertApiKey(t, team.orgId, productId, ['license:read']);
    const path = `/v1/products/${productId}/licenses/${license.id}/reset-hwid`;
    const ok = await new HttpClient(t.baseUrl).apiKey(writer.key).post(path, {});
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ revoked: 1, resetsUsed: 1 });
    const [event] = (await auditEvents(t, team.orgId)).filter((e) => e.license_id === license.id && e.type === 'license.hwid_reset');
    expect(event).toMatchObject({ actor_type: 'api_key', actor_id: writer.id });
    const forced = await new HttpClient(t.baseUrl).apiKey(writer.key).post(path, { force: true });
    expect(forced.status).toBe(400);
    const denied = await new HttpClient(t.baseUrl).apiKey(reader.key).post(path, {});
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('PERMISSION_DENIED');
    expect((await new HttpClient(t.baseUrl).post(path, {})).status).toBe(401);
    const otherProduct = await insertProduct(t, team.orgId);
    const elsewhere = await insertLicense(t, team.orgId, otherProduct);
    expect((await new HttpClient(t.baseUrl).apiKey(writer.key).post(`/v1/products/${productId}/licenses/${elsewhere.id}/reset-ip`, {})).status).toBe(404);
    expect((await new HttpClient(t.baseUrl).apiKey(writer.key).post(`/v1/products/${otherProduct}/licenses/${elsewhere.id}/reset-ip`, {})).status).toBe(404);
    expect((await new HttpClient(t.baseUrl).apiKey(writer.key).post(`/v1/products/${productId}/licenses/${license.id}/reset-ip`, {})).body.data).toMatchObject({
      revoked: 1,
    });
  });
});
