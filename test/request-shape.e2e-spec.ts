import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpClient, insertApiKey, insertLicense, insertOrgWithTeam, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { authorize, postRaw, signedHeaders } from './support/authorize-client.js';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

/** API.md §1: what a request body and query may be, and where a bad one is refused in the order of checks. */
describe('request bodies and queries', () => {
  let t: TestApp;
  let team: Team;
  let other: Team;
  beforeAll(async () => {
    t = await startTestApp();
    team = await insertOrgWithTeam(t);
    other = await insertOrgWithTeam(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (method: string, path: string, headers: Record<string, string>, body?: string) => new HttpClient(t.baseUrl).request(method, path, body, headers);
  const json = (token?: string): Record<string, string> => ({
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });

  it('refuses a malformed body only after credentials, membership and role', async () => {
    const products = `/v1/dashboard/orgs/${team.orgId}/products`;
    expect((await send('POST', products, json(), '{bad')).body.error.code).toBe('UNAUTHORIZED');
    expect((await send('POST', products, json(other.ADMIN.token), '{bad')).status).toBe(404);
    expect((await send('POST', products, json(team.VIEWER.token), '{bad')).body.error.code).toBe('FORBIDDEN');
    const bad = await send('POST', products, json(team.ADMIN.token), '{bad');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ path: '', message: 'Malformed JSON body' }] });
  });

  it('checks the signature of authorize before its body', async () => {
    const productId = await insertProduct(t, team.orgId);
    const key = await insertApiKey(t, team.orgId, productId, ['license:authorize']);
    const unsigned = await send('POST', '/v1/licenses/authorize', { ...json(), 'x-api-key': key.key }, '{bad');
    expect(unsigned.body.error.code).toBe('SIGNATURE_REQUIRED');
    const signed = await postRaw(t.baseUrl, '/v1/licenses/authorize', signedHeaders(key.key, '/v1/licenses/authorize', '{bad'), '{bad');
    expect(signed.status).toBe(400);
    expect(((await signed.json()) as any).error.code).toBe('VALIDATION_ERROR');
  });

  it('refuses a body of another content type with 400, also a correctly signed one', async () => {
    const res = await send('POST', `/v1/dashboard/orgs/${team.orgId}/products`, { authorization: `Bearer ${team.ADMIN.token}`, 'content-type': 'text/plain' }, '{"name":"x","code":"X"}');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: '', message: expect.stringContaining('application/json') }]);

    const productId = await insertProduct(t, team.orgId);
    const key = await insertApiKey(t, team.orgId, productId, ['license:authorize']);
    const license = await insertLicense(t, team.orgId, productId);
    const raw = JSON.stringify({ productId, licenseKey: license.key });
    const headers = { ...signedHeaders(key.key, '/v1/licenses/authorize', raw), 'content-type': 'text/plain' };
    const signed = await postRaw(t.baseUrl, '/v1/licenses/authorize', headers, raw);
    expect(signed.status).toBe(400);
    expect(((await signed.json()) as any).error.code).toBe('VALIDATION_ERROR');
  });

  it('refuses JSON nested deeper than 100 levels with 400, and stores 100', async () => {
    const productId = await insertProduct(t, team.orgId);
    const path = `/v1/dashboard/orgs/${team.orgId}/licenses`;
    const nest = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
    const deep = await send('POST', path, json(team.DEV.token), `{"productId":"${productId}","metadata":${nest(5000)}}`);
    expect(deep.status).toBe(400);
    expect(deep.body.error.details).toEqual([{ path: '', message: 'JSON nested deeper than 100 levels' }]);
    // The body itself is the first level.
    const deepest = await send('POST', path, json(team.DEV.token), `{"productId":"${productId}","metadata":${nest(99)}}`);
    expect(deepest.status).toBe(201);
    expect(JSON.stringify(deepest.body.data.license.metadata)).toBe(nest(99));
    expect((await send('POST', path, json(team.DEV.token), `{"productId":"${productId}","metadata":${nest(100)}}`)).status).toBe(400);
    // A NUL at the deepest level is still found.
    const nul = await send('POST', path, json(team.DEV.token), `{"productId":"${productId}","metadata":${nest(98).replace('1', '{"x":"\\u0000"}')}}`);
    expect(nul.status).toBe(400);
    expect(nul.body.error.details[0].message).toContain('NUL');
  });

  it('refuses fields sent to an action that takes no body, and a body that is no object', async () => {
    const productId = await insertProduct(t, team.orgId);
    const license = await insertLicense(t, team.orgId, productId);
    const dev = json(team.DEV.token);
    for (const action of ['unrevoke', 'unlock', 'sessions/revoke-all']) {
      const path = `/v1/dashboard/licenses/${license.id}/${action}`;
      const res = await send('POST', path, dev, '{"foo":1}');
      expect({ action, status: res.status, details: res.body.error.details }).toEqual({ action, status: 400, details: [{ path: 'foo', message: 'property foo should not exist' }] });
      expect((await send('POST', path, dev, '[1]')).status).toBe(400);
      expect((await send('POST', path, dev, '{}')).status).toBe(200);
    }
    // An action with a body of its own refuses a body that is no object.
    const revoke = await send('POST', `/v1/dashboard/licenses/${license.id}/revoke`, dev, '"now"');
    expect(revoke.body.error.details).toEqual([{ path: '', message: 'The body must be a JSON object' }]);
    // Nothing was done by the refused calls: the license was never revoked.
    const [row] = (await t.dataSource.query(`SELECT revoked_at FROM licenses WHERE id = $1`, [license.id])) as Array<{ revoked_at: Date | null }>;
    expect(row!.revoked_at).toBeNull();
  });

  it('refuses query parameters on a route that reads none', async () => {
    const me = await send('GET', '/v1/dashboard/me?x=1', json(team.DEV.token));
    expect(me.status).toBe(400);
    expect(me.body.error.details).toEqual([{ path: 'x', message: 'property x should not exist' }]);
    expect((await send('GET', '/v1/dashboard/me', json(team.DEV.token))).status).toBe(200);
    // Credentials first.
    expect((await send('GET', '/v1/dashboard/me?x=1', json())).status).toBe(401);
  });

  it('leaves a query alone on routes that check credentials themselves or take none', async () => {
    expect((await send('GET', '/health?ts=1', {})).status).toBe(200);
    const metrics = await fetch(`${t.baseUrl}/metrics?name=x`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    // authorize: credentials first, then the body; a query changes nothing (it is signed with the path).
    const productId = await insertProduct(t, team.orgId);
    const key = await insertApiKey(t, team.orgId, productId, ['license:authorize']);
    const license = await insertLicense(t, team.orgId, productId);
    expect((await send('POST', '/v1/licenses/authorize?x=1', json(), '{}')).body.error.code).toBe('UNAUTHORIZED');
    const raw = JSON.stringify({ productId, licenseKey: license.key });
    const signed = await postRaw(t.baseUrl, '/v1/licenses/authorize?x=1', signedHeaders(key.key, '/v1/licenses/authorize?x=1', raw), raw);
    expect(signed.status).toBe(200);
    // /licensing/*: the protocol's own answer to a missing token, not the §1 envelope.
    expect((await send('POST', '/licensing/validate?x=1', json(), '{}')).body).toEqual({ error: 'license token field is required.' });
  });

  it('answers 404 for a path id that is not a UUID on the API-key routes too', async () => {
    const productId = await insertProduct(t, team.orgId);
    const license = await insertLicense(t, team.orgId, productId);
    const key = await insertApiKey(t, team.orgId, productId, ['session:read', 'session:write', 'license:write']);
    const headers = { 'x-api-key': key.key, 'content-type': 'application/json' };
    for (const [method, path] of [
      ['GET', `/v1/products/${productId}/licenses/nope/sessions`],
      ['POST', `/v1/products/${productId}/licenses/${license.id}/sessions/nope/revoke`],
      ['POST', `/v1/products/${productId}/licenses/nope/reset-hwid`],
    ] as const) {
      const res = await send(method, path, headers, method === 'POST' ? '{}' : undefined);
      expect({ path, status: res.status, code: res.body.error.code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
    }
  });

  it('says why valid JSON with a __proto__ key is refused', async () => {
    const res = await send('POST', `/v1/dashboard/orgs/${team.orgId}/products`, json(team.ADMIN.token), '{"name":"x","code":"PROTO","defaultLicensePolicy":{"__proto__":{"v":2}}}');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: '', message: 'JSON with a __proto__ or constructor.prototype key is refused' }]);
  });

  it('refuses a page number past any list with 400, not a database error', async () => {
    const products = `/v1/dashboard/orgs/${team.orgId}/products`;
    for (const page of ['1e20', '9223372036854775808', '1000001']) {
      const res = await send('GET', `${products}?page=${page}`, json(team.VIEWER.token));
      expect({ page, status: res.status, path: res.body.error?.details?.[0]?.path }).toEqual({ page, status: 400, path: 'page' });
    }
    expect((await send('GET', `${products}?page=1000000`, json(team.VIEWER.token))).body.data).toMatchObject({ page: 1000000, products: [] });
  });

  it('refuses blacklist bulk entries that are arrays', async () => {
    const productId = await insertProduct(t, team.orgId);
    const res = await send('POST', `/v1/dashboard/blacklists/products/${productId}/bulk`, json(team.DEV.token), '{"entries":[[]]}');
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('entries');
  });

  it('answers a path that is not valid percent-encoding in the §1 envelope', async () => {
    const res = await send('GET', '/v1/dashboard/%zz', {});
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', details: [{ path: '' }] } });
  });

  it('gives one detail per field', async () => {
    const res = await send('POST', '/v1/auth/register', json(), '{"email":5}');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: 'email', message: 'email must be a string' },
      { path: 'password', message: 'password must be a string' },
    ]);
    // A missing list is named as a list, not by the type of its items.
    const activate = await send('POST', '/licensing/activate', json(), '{"licenseToken":"t","authContext":"a"}');
    expect(activate.body.error.details).toEqual([{ path: 'productCodes', message: expect.stringContaining('must be an array') }]);
  });

  it('answers a logout with a refresh token of the wrong type with 400, not 500', async () => {
    for (const refreshToken of [5, true, {}, []]) {
      const res = await send('POST', '/v1/auth/logout', json(team.DEV.token), JSON.stringify({ refreshToken }));
      expect({ refreshToken, status: res.status, code: res.body.error.code }).toEqual({ refreshToken, status: 400, code: 'VALIDATION_ERROR' });
    }
  });

  it('takes ip: null on authorize as no ip', async () => {
    const productId = await insertProduct(t, team.orgId);
    const license = await insertLicense(t, team.orgId, productId);
    for (const permissions of [['license:authorize'], ['license:authorize', 'license:assert-ip']]) {
      const key = await insertApiKey(t, team.orgId, productId, permissions);
      const res = await authorize(t.baseUrl, key.key, { productId, licenseKey: license.key, ip: null as unknown as string });
      expect({ permissions, status: res.status, allow: res.body.allow }).toEqual({ permissions, status: 200, allow: true });
    }
  });
});
