import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { auditEvents, HttpClient, insertApiKey, insertLicense, insertOrgWithTeam, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { authorize } from './support/authorize-client.js';

const sha = (v: string) => createHash('sha256').update(v).digest('hex');
type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

describe('blacklist management (API.md §8, §4b)', () => {
  let t: TestApp;
  let team: Team;
  let other: Team;
  const as = (user: { token: string }) => new HttpClient(t.baseUrl).bearer(user.token);
  const base = (productId: string) => `/v1/dashboard/blacklists/products/${productId}`;

  beforeAll(async () => {
    t = await startTestApp();
    team = await insertOrgWithTeam(t);
    other = await insertOrgWithTeam(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const entryCount = async (productId: string) =>
    ((await t.dataSource.query(`SELECT count(*)::int AS n FROM blacklist_entries WHERE product_id = $1`, [productId])) as Array<{ n: number }>)[0]!.n;

  it('bulk adds up to 200 entries in one go, counting new and updated ones', async () => {
    const productId = await insertProduct(t, team.orgId);
    await as(team.DEV).post(base(productId), { type: 'HWID', value: 'known', reason: 'old' });
    const entries = [
      { type: 'HWID', value: 'known', reason: 'new' },
      { type: 'IP', value: '203.0.113.0/24' },
      ...Array.from({ length: 198 }, (_, i) => ({ type: 'HWID', value: `bulk-${i}`, reason: 'chargeback' })),
    ];
    const res = await as(team.DEV).post(`${base(productId)}/bulk`, { entries });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ created: 199, updated: 1 });
    expect(res.body.data.entries).toHaveLength(200);
    expect(res.body.data.entries[0]).toMatchObject({ value: 'known', reason: 'new' });
    expect(res.body.data.entries[1]).toMatchObject({ type: 'IP', value: '203.0.113.0/24', valueHash: sha('203.0.113.0/24') });
    expect(await entryCount(productId)).toBe(200);
    const events = (await auditEvents(t, team.orgId)).filter((e) => e.product_id === productId);
    expect(events.filter((e) => e.type === 'blacklist.entry_added')).toHaveLength(200);
    expect(events.filter((e) => e.type === 'blacklist.entry_updated')).toHaveLength(1);
  });

  it('keeps the value as first entered; another spelling of the same address is the same entry', async () => {
    const productId = await insertProduct(t, team.orgId);
    const mapped = await as(team.DEV).post(base(productId), { type: 'IP', value: '::ffff:203.0.113.10', reason: 'first' });
    expect(mapped.status).toBe(201);
    expect(mapped.body.data.entry).toMatchObject({ value: '::ffff:203.0.113.10', valueHash: sha('203.0.113.10') });
    const plain = await as(team.DEV).post(base(productId), { type: 'IP', value: '203.0.113.10', reason: 'second' });
    expect(plain.status).toBe(200);
    expect(plain.body.data.entry).toMatchObject({ id: mapped.body.data.entry.id, value: '::ffff:203.0.113.10', reason: 'second' });
    const v6 = await as(team.DEV).post(base(productId), { type: 'IP', value: '2001:DB8:0:0::1' });
    expect(v6.body.data.entry).toMatchObject({ value: '2001:DB8:0:0::1', valueHash: sha('2001:db8::1') });
    expect(await entryCount(productId)).toBe(2);
    // The range the check uses is the canonical one.
    const [row] = (await t.dataSource.query(`SELECT network::text AS network FROM blacklist_entries WHERE id = $1`, [v6.body.data.entry.id])) as Array<{ network: string }>;
    expect(row!.network).toBe('2001:db8::1/128');
  });

  it('bulk is all or nothing: one bad value refuses the whole request with its path', async () => {
    const productId = await insertProduct(t, team.orgId);
    const entries = [
      { type: 'HWID', value: 'fine' },
      { type: 'IP', value: '10.0.0.1' },
      { type: 'IP', value: '10.0.0.0/40' },
    ];
    const res = await as(team.DEV).post(`${base(productId)}/bulk`, { entries });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ path: 'entries.2.value', message: expect.any(String) }] });
    expect(await entryCount(productId)).toBe(0);
    const tooMany = await as(team.DEV).post(`${base(productId)}/bulk`, { entries: Array.from({ length: 201 }, (_, i) => ({ type: 'HWID', value: `x${i}` })) });
    expect(tooMany.status).toBe(400);
    const malformed = await as(team.DEV).post(`${base(productId)}/bulk`, { entries: [{ type: 'HWID' }] });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.map((d: any) => d.path)).toContain('entries.0.value');
    expect((await as(team.DEV).post(`${base(productId)}/bulk`, { entries: [] })).status).toBe(400);
    expect(await entryCount(productId)).toBe(0);
  });

  it('lists newest first with a type filter and pages; deletes an entry so the value is admitted again', async () => {
    const productId = await insertProduct(t, team.orgId);
    const apiKey = await insertApiKey(t, team.orgId, productId, ['license:authorize', 'license:assert-ip']);
    const license = await insertLicense(t, team.orgId, productId);
    const ids: string[] = [];
    for (const [type, value] of [['HWID', 'h1'], ['IP', '192.0.2.1'], ['HWID', 'h2']]) {
      ids.push((await as(team.DEV).post(base(productId), { type, value })).body.data.entry.id);
      t.clock.advance(1000);
    }
    const all = await as(team.VIEWER).get(base(productId));
    expect(all.body.data).toMatchObject({ page: 1, pageSize: 50, total: 3 });
    expect(all.body.data.entries.map((e: any) => e.value)).toEqual(['h2', '192.0.2.1', 'h1']);
    const hwids = await as(team.VIEWER).get(`${base(productId)}?type=HWID&pageSize=1&page=2`);
    expect(hwids.body.data).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(hwids.body.data.entries.map((e: any) => e.value)).toEqual(['h1']);
    expect((await as(team.VIEWER).get(`${base(productId)}?type=MAC`)).status).toBe(400);

    expect((await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, hwid: 'h1' })).body.reasonCode).toBe('HWID_BLACKLISTED');
    expect((await as(team.VIEWER).delete(`${base(productId)}/${ids[0]}`)).status).toBe(403);
    const removed = await as(team.DEV).delete(`${base(productId)}/${ids[0]}`);
    expect(removed.status).toBe(200);
    expect(removed.body.data).toEqual({ deleted: true });
    expect((await as(team.DEV).delete(`${base(productId)}/${ids[0]}`)).status).toBe(404);
    expect((await as(team.DEV).delete(`${base(productId)}/not-a-uuid`)).status).toBe(404);
    expect((await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, hwid: 'h1' })).status).toBe(200);
    const [event] = (await auditEvents(t, team.orgId)).filter((e) => e.product_id === productId && e.type === 'blacklist.entry_removed');
    expect(event).toMatchObject({ actor_type: 'user', data: { entryId: ids[0], type: 'HWID', value: 'h1' } });
    t.clock.reset();
  });

  it('401, 404 across orgs and for an entry of another product', async () => {
    const productId = await insertProduct(t, team.orgId);
    const otherProduct = await insertProduct(t, team.orgId);
    const entry = (await as(team.DEV).post(base(productId), { type: 'HWID', value: 'z' })).body.data.entry;
    expect((await new HttpClient(t.baseUrl).get(base(productId))).status).toBe(401);
    expect((await as(other.OWNER).get(base(productId))).status).toBe(404);
    expect((await as(other.OWNER).post(`${base(productId)}/bulk`, { entries: [{ type: 'HWID', value: 'q' }] })).status).toBe(404);
    expect((await as(team.DEV).delete(`${base(otherProduct)}/${entry.id}`)).status).toBe(404);
    expect(await entryCount(productId)).toBe(1);
  });

  it('the API-key routes use the same handlers, with blacklist:read / blacklist:write and product scope', async () => {
    const productId = await insertProduct(t, team.orgId);
    const otherProduct = await insertProduct(t, team.orgId);
    const writer = await insertApiKey(t, team.orgId, productId, ['blacklist:read', 'blacklist:write']);
    const reader = await insertApiKey(t, team.orgId, productId, ['blacklist:read']);
    const path = `/v1/products/${productId}/blacklists`;
    const created = await new HttpClient(t.baseUrl).apiKey(writer.key).post(path, { type: 'IP', value: '2001:db8::/32', reason: 'abuse' });
    expect(created.status).toBe(201);
    expect(created.body.data.entry).toMatchObject({ value: '2001:db8::/32', reason: 'abuse' });
    const again = await new HttpClient(t.baseUrl).apiKey(writer.key).post(path, { type: 'IP', value: '2001:db8::/32', reason: 'abuse' });
    expect(again.status).toBe(200);
    const listed = await new HttpClient(t.baseUrl).apiKey(reader.key).get(path);
    expect(listed.body.data.entries.map((e: any) => e.id)).toEqual([created.body.data.entry.id]);
    const denied = await new HttpClient(t.baseUrl).apiKey(reader.key).post(path, { type: 'HWID', value: 'x' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('PERMISSION_DENIED');
    expect((await new HttpClient(t.baseUrl).apiKey(reader.key).get(`/v1/products/${otherProduct}/blacklists`)).status).toBe(404);
    expect((await new HttpClient(t.baseUrl).get(path)).status).toBe(401);
    const removed = await new HttpClient(t.baseUrl).apiKey(writer.key).delete(`${path}/${created.body.data.entry.id}`);
    expect(removed.body).toEqual({ ok: true, data: { deleted: true } });
    const [event] = (await auditEvents(t, team.orgId)).filter((e) => e.product_id === productId && e.type === 'blacklist.entry_removed');
    expect(event).toMatchObject({ actor_type: 'api_key', actor_id: writer.id });
  });

  it('answers "which range contains this address" from the GiST index, not a scan', async () => {
    const plan = (await t.dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      return tx.query(`EXPLAIN SELECT 1 FROM blacklist_entries e WHERE e.network >>= '203.0.113.9'::inet AND e.type = 'IP'`);
    })) as Array<{ 'QUERY PLAN': string }>;
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('ix_blacklist_entries_network');
  });
});
