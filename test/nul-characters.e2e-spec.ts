import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpClient, insertApiKey, insertLicense, insertOrgWithTeam, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { authorize } from './support/authorize-client.js';

/** PostgreSQL cannot store U+0000 nor an unpaired surrogate: any field carrying one is a 400 naming the field, never a 500. */
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

  it('an unpaired surrogate, in a value or a key, anywhere a NUL is refused', async () => {
    refusedAt(await as(team.ADMIN).post('/v1/dashboard/orgs', { name: '\ud800' }), 'name');
    // isEmail would throw on it (URIError) before this check existed.
    refusedAt(await new HttpClient(t.baseUrl).post('/v1/auth/register', { email: '\udfff@example.com', password: 'passwordpassword' }), 'email');
    refusedAt(await as(team.DEV).post(`/v1/dashboard/orgs/${team.orgId}/licenses`, { productId, metadata: { note: 'a\ud800b' } }), 'metadata.note');
    refusedAt(await as(team.DEV).post(`/v1/dashboard/orgs/${team.orgId}/licenses`, { productId, metadata: { 'k\udc00': 1 } }), 'metadata.k\udc00');
    // A pair is a character like any other.
    const emoji = await as(team.DEV).post(`/v1/dashboard/orgs/${team.orgId}/licenses`, { productId, metadata: { note: 'gecko \ud83e\udd8e' } });
    expect(emoji.status).toBe(201);
    expect(emoji.body.data.license.metadata).toEqual({ note: 'gecko 🦎' });
  });

  it('in a /licensing body', async () => {
    refusedAt(await new HttpClient(t.baseUrl).post('/licensing/validate', { licenseToken: 'tok\u0000en' }), 'licenseToken');
  });
});
