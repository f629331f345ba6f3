import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertApiKey, insertLicense, insertOrgWithTeam, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

/**
 * API.md shows no body for these actions, so a client written from it may send none at all (no
 * Content-Type, no payload). Each must work exactly as with an empty JSON object.
 */
describe('action POSTs without a body', () => {
  let t: TestApp;
  let team: Team;
  beforeAll(async () => {
    t = await startTestApp();
    team = await insertOrgWithTeam(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const bare = (path: string, headers: Record<string, string>) => fetch(`${t.baseUrl}${path}`, { method: 'POST', headers });

  it('license revoke, unrevoke, unlock, resets, session revoke-all, API-key revoke and rotate', async () => {
    const productId = await insertProduct(t, team.orgId);
    const license = await insertLicense(t, team.orgId, productId);
    const auth = { authorization: `Bearer ${team.ADMIN.token}` };
    for (const path of [
      `/v1/dashboard/licenses/${license.id}/revoke`,
      `/v1/dashboard/licenses/${license.id}/unrevoke`,
      `/v1/dashboard/licenses/${license.id}/unlock`,
      `/v1/dashboard/licenses/${license.id}/reset-hwid`,
      `/v1/dashboard/licenses/${license.id}/reset-ip`,
      `/v1/dashboard/licenses/${license.id}/sessions/revoke-all`,
    ]) {
      const res = await bare(path, auth);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    const key = await insertApiKey(t, team.orgId, productId, ['license:write']);
    expect((await bare(`/v1/dashboard/products/${productId}/api-keys/${key.id}/rotate`, auth)).status).toBe(200);
    expect((await bare(`/v1/dashboard/products/${productId}/api-keys/${key.id}/revoke`, auth)).status).toBe(200);
    const writer = await insertApiKey(t, team.orgId, productId, ['license:write', 'license:revoke']);
    expect((await bare(`/v1/products/${productId}/licenses/${license.id}/reset-hwid`, { 'x-api-key': writer.key })).status).toBe(200);
    expect((await bare(`/v1/products/${productId}/licenses/${license.id}/revoke`, { 'x-api-key': writer.key })).status).toBe(200);
  });

  it('an empty body sent as application/json counts as no body; malformed JSON is still 400', async () => {
    const productId = await insertProduct(t, team.orgId);
    const license = await insertLicense(t, team.orgId, productId);
    const headers = { authorization: `Bearer ${team.DEV.token}`, 'content-type': 'application/json' };
    const res = await fetch(`${t.baseUrl}/v1/dashboard/licenses/${license.id}/revoke`, { method: 'POST', headers, body: '' });
    expect(res.status).toBe(200);
    const bad = await fetch(`${t.baseUrl}/v1/dashboard/licenses/${license.id}/unrevoke`, { method: 'POST', headers, body: '{"reason":' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe('VALIDATION_ERROR');
    const proto = await fetch(`${t.baseUrl}/v1/dashboard/licenses/${license.id}/revoke`, { method: 'POST', headers, body: '{"__proto__":{"x":1}}' });
    expect(proto.status).toBe(400);
  });
});
