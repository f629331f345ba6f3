import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpClient, insertApiKey, insertLicense, insertOrgWithTeam, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { authorize } from './support/authorize-client.js';

/** PostgreSQL text cannot hold U+0000: any field carrying it is a 400 naming the field, never a 500. */
describe('NUL characters in client input', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<typeof insertOrgWithTeam>>;
  let productId: string;
  const as = (user: { token: string }) => new HttpClient(t.baseUrl).bearer(user.token);

  beforeAll(async () => {
    t = await startTestApp();
    team = await insertOrgWithTeam(t);
    productId = await insertProduct(t, team.orgId);
  });
  afterAll(async () => {
    await t.close();
  });

  const refusedAt = (res: { status: number; body: any }, path: string) => {
    expect([res.status, res.body.error?.code]).toEqual([400, 'VALIDATION_ERROR']);
    expect(res.body.error.details).toEqual([{ path, message: expect.stringContaining('NUL') }]);
  };

  it('in an authorize body: 400 on the field, after the credentials are checked, and nothing stored', async () => {
    const apiKey = await insertApiKey(t, team.orgId, productId, ['license:authorize']);
    const license = await insertLicense(t, team.orgId, productId);
    const body = { productId, licenseKey: license.key, hwid: 'hw', sessionId: 's-1', deviceId: 'dev\u0000ice' };
    refusedAt(await authorize(t.baseUrl, apiKey.key, body), 'deviceId');
    expect((await t.dataSource.query('SELECT id FROM sessions WHERE license_id = $1', [license.id])) as unknown[]).toEqual([]);
    // API.md §1: an unknown key is 401 whatever the body holds.
    expect((await authorize(t.baseUrl, `gg_${'z'.repeat(40)}`, body)).status).toBe(401);
  });

  it('in a dashboard body, a nested field and a query', async () => {
    refusedAt(await as(team.ADMIN).post(`/v1/dashboard/orgs/${team.orgId}/products`, { name: 'a\u0000b', code: 'NUL_NAME' }), 'name');
    const created = await as(team.DEV).post(`/v1/dashboard/orgs/${team.orgId}/licenses`, { productId, contact: { firstName: 'x\u0000' } });
    refusedAt(created, 'contact.firstName');
    refusedAt(await as(team.VIEWER).get(`/v1/dashboard/orgs/${team.orgId}/licenses?q=%00`), 'q');
  });

  it('in a /licensing body', async () => {
    refusedAt(await new HttpClient(t.baseUrl).post('/licensing/validate', { licenseToken: 'tok\u0000en' }), 'licenseToken');
  });
});
