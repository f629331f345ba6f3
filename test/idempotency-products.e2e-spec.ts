import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { IdempotencyPurger, requestHash } from '@geckoguard/database';
import { auditEvents, HttpClient, insertOrgWithTeam, startTestApp, type TestApp } from '@geckoguard/testing';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

const code = () => `IDEM_${randomBytes(5).toString('hex').toUpperCase()}`;
const key = () => `key-${randomUUID()}`;
const DAY_MS = 24 * 60 * 60 * 1000;

describe('Idempotency-Key on POST /v1/dashboard/orgs/:orgId/products (API.md §1)', () => {
  let t: TestApp;
  let team: Team;
  let other: Team;
  const as = (user: { token: string }) => new HttpClient(t.baseUrl).bearer(user.token);
  const productsPath = (orgId: string) => `/v1/dashboard/orgs/${orgId}/products`;

  async function productsWithCode(productCode: string): Promise<Array<{ id: string; org_id: string }>> {
    return (await t.dataSource.query(`SELECT id, org_id FROM products WHERE code = $1`, [productCode])) as never;
  }

  async function records(orgId: string): Promise<Array<{ idempotency_key: string; status_code: number | null; method: string; path: string }>> {
    return (await t.dataSource.query(`SELECT * FROM idempotency_records WHERE scope = $1`, [orgId])) as never;
  }

  beforeAll(async () => {
    t = await startTestApp();
    team = await insertOrgWithTeam(t);
    other = await insertOrgWithTeam(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a retry with the same key and body gets the same 201 and body, marked Idempotent-Replayed, and creates nothing', async () => {
    const k = key();
    const body = { name: 'Gecko Desktop', code: code(), description: 'desk', defaultLicensePolicy: { v: 1, limits: { hwid: { mode: 'sticky' } } } };
    const first = await as(team.ADMIN).post(productsPath(team.orgId), body, { 'Idempotency-Key': k });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const retry = await as(team.ADMIN).post(productsPath(team.orgId), body, { 'Idempotency-Key': k });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    // The same bytes, key order included (a jsonb column would sort the keys).
    expect(retry.text).toBe(first.text);

    expect(await productsWithCode(body.code)).toHaveLength(1);
    const created = (await auditEvents(t, team.orgId)).filter((e) => e.type === 'product.created' && e.product_id === first.body.data.product.id);
    expect(created).toHaveLength(1);

    const stored = (await records(team.orgId)).filter((r) => r.idempotency_key === k);
    expect(stored).toEqual([expect.objectContaining({ method: 'POST', path: productsPath(team.orgId), status_code: 201 })]);
  });

  it('the same body with other key order or whitespace is the same request; the key is shared by the whole organization', async () => {
    const k = key();
    const productCode = code();
    const first = await as(team.ADMIN).post(productsPath(team.orgId), `{"name":"A","code":"${productCode}","defaultLicensePolicy":{"v":1,"limits":{}}}`, { 'Idempotency-Key': k });
    expect(first.status).toBe(201);
    const reordered = await as(team.OWNER).post(
      productsPath(team.orgId),
      `{ "defaultLicensePolicy": { "limits": {}, "v": 1 },\n  "code": "${productCode}", "name": "A" }`,
      { 'Idempotency-Key': k },
    );
    expect(reordered.status).toBe(201);
    expect(reordered.headers.get('idempotent-replayed')).toBe('true');
    expect(reordered.body).toEqual(first.body);
    expect(await productsWithCode(productCode)).toHaveLength(1);
  });

  it('the same key with a different body is 422 IDEMPOTENCY_KEY_REUSED and runs nothing', async () => {
    const k = key();
    const body = { name: 'One', code: code() };
    expect((await as(team.ADMIN).post(productsPath(team.orgId), body, { 'Idempotency-Key': k })).status).toBe(201);
    const otherCode = code();
    const reused = await as(team.ADMIN).post(productsPath(team.orgId), { ...body, code: otherCode }, { 'Idempotency-Key': k });
    expect(reused.status).toBe(422);
    expect(reused.body).toEqual({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED', message: expect.any(String), details: [] } });
    expect(reused.headers.get('idempotent-replayed')).toBeNull();
    expect(await productsWithCode(otherCode)).toHaveLength(0);
    // The stored response still answers the original body.
    const again = await as(team.ADMIN).post(productsPath(team.orgId), body, { 'Idempotency-Key': k });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('keys are scoped to the organization: another org may use the same key and body', async () => {
    const k = key();
    const body = { name: 'Shared', code: code() };
    const mine = await as(team.ADMIN).post(productsPath(team.orgId), body, { 'Idempotency-Key': k });
    const theirs = await as(other.ADMIN).post(productsPath(other.orgId), body, { 'Idempotency-Key': k });
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.data.product.id).not.toBe(mine.body.data.product.id);
    expect(theirs.body.data.product.orgId).toBe(other.orgId);
    expect((await productsWithCode(body.code)).map((p) => p.org_id).sort()).toEqual([team.orgId, other.orgId].sort());
  });

  it('a first response below 500 that is an error (409, 400) is stored and replayed too', async () => {
    const taken = code();
    expect((await as(team.ADMIN).post(productsPath(team.orgId), { name: 'Taken', code: taken })).status).toBe(201);
    const k = key();
    const conflict = await as(team.ADMIN).post(productsPath(team.orgId), { name: 'Again', code: taken }, { 'Idempotency-Key': k });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('CONFLICT');
    // Even once the conflict is gone, the key answers what it answered first.
    await t.dataSource.query(`DELETE FROM products WHERE code = $1`, [taken]);
    const replay = await as(team.ADMIN).post(productsPath(team.orgId), { name: 'Again', code: taken }, { 'Idempotency-Key': k });
    expect(replay.status).toBe(409);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(conflict.body);
    // A new key runs the request.
    const fresh = await as(team.ADMIN).post(productsPath(team.orgId), { name: 'Again', code: taken }, { 'Idempotency-Key': key() });
    expect(fresh.status).toBe(201);

    const k400 = key();
    const invalid = await as(team.ADMIN).post(productsPath(team.orgId), { name: '', code: 'lower' }, { 'Idempotency-Key': k400 });
    expect(invalid.status).toBe(400);
    const invalidAgain = await as(team.ADMIN).post(productsPath(team.orgId), { name: '', code: 'lower' }, { 'Idempotency-Key': k400 });
    expect(invalidAgain.status).toBe(400);
    expect(invalidAgain.headers.get('idempotent-replayed')).toBe('true');
    expect(invalidAgain.body).toEqual(invalid.body);
  });

  it('without the header nothing is stored and every request runs', async () => {
    const before = (await records(team.orgId)).length;
    const a = await as(team.ADMIN).post(productsPath(team.orgId), { name: 'No key', code: code() });
    expect(a.status).toBe(201);
    expect(a.headers.get('idempotent-replayed')).toBeNull();
    expect((await records(team.orgId)).length).toBe(before);
  });

  it('400 VALIDATION_ERROR for a key that is empty or longer than 255 characters; 255 is fine', async () => {
    for (const bad of ['', 'x'.repeat(256)]) {
      const res = await as(team.ADMIN).post(productsPath(team.orgId), { name: 'Bad key', code: code() }, { 'Idempotency-Key': bad });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
    }
    const longest = await as(team.ADMIN).post(productsPath(team.orgId), { name: 'Long key', code: code() }, { 'Idempotency-Key': 'k'.repeat(255) });
    expect(longest.status).toBe(201);
  });

  it('credentials and role are checked before the key: 401 and 403 store nothing', async () => {
    const k = key();
    const body = { name: 'Guarded', code: code() };
    const anonymous = await new HttpClient(t.baseUrl).post(productsPath(team.orgId), body, { 'Idempotency-Key': k });
    expect(anonymous.status).toBe(401);
    const viewer = await as(team.VIEWER).post(productsPath(team.orgId), body, { 'Idempotency-Key': k });
    expect(viewer.status).toBe(403);
    expect((await records(team.orgId)).filter((r) => r.idempotency_key === k)).toHaveLength(0);
    const admin = await as(team.ADMIN).post(productsPath(team.orgId), body, { 'Idempotency-Key': k });
    expect(admin.status).toBe(201);
    expect(admin.headers.get('idempotent-replayed')).toBeNull();
  });

  it('a retry while the first request is still running is 409 CONFLICT; an abandoned claim is taken over', async () => {
    const k = key();
    const body = { name: 'Running', code: code() };
    const path = productsPath(team.orgId);
    // The claim a running request holds: no status yet.
    await t.dataSource.query(
      `INSERT INTO idempotency_records (scope, method, path, idempotency_key, request_hash, status_code, response_body, created_at)
       VALUES ($1, 'POST', $2, $3, $4, NULL, NULL, now())`,
      [team.orgId, path, k, requestHash(body)],
    );
    const running = await as(team.ADMIN).post(path, body, { 'Idempotency-Key': k });
    expect(running.status).toBe(409);
    expect(running.body.error.code).toBe('CONFLICT');
    expect(await productsWithCode(body.code)).toHaveLength(0);
    const otherBody = await as(team.ADMIN).post(path, { ...body, name: 'Other' }, { 'Idempotency-Key': k });
    expect(otherBody.status).toBe(422);

    // A claim whose process died long ago no longer blocks the key.
    await t.dataSource.query(`UPDATE idempotency_records SET created_at = now() - interval '10 minutes' WHERE idempotency_key = $1`, [k]);
    const takeover = await as(team.ADMIN).post(path, body, { 'Idempotency-Key': k });
    expect(takeover.status).toBe(201);
    const replay = await as(team.ADMIN).post(path, body, { 'Idempotency-Key': k });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(takeover.body);
  });

  it('concurrent requests with one key run the handler once', async () => {
    const k = key();
    const body = { name: 'Race', code: code() };
    const results = await Promise.all(Array.from({ length: 6 }, () => as(team.ADMIN).post(productsPath(team.orgId), body, { 'Idempotency-Key': k })));
    expect(await productsWithCode(body.code)).toHaveLength(1);
    const fresh = results.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === null);
    expect(fresh).toHaveLength(1);
    for (const r of results) {
      expect([201, 409]).toContain(r.status);
      if (r.status === 201) expect(r.body).toEqual(fresh[0]!.body);
      else expect(r.body.error.code).toBe('CONFLICT');
    }
  });

  it('a stored response answers for 24 hours; after that the key is free again, and expired records are purged', async () => {
    const k = key();
    const body = { name: 'Day', code: code() };
    const first = await as(team.ADMIN).post(productsPath(team.orgId), body, { 'Idempotency-Key': k });
    expect(first.status).toBe(201);
    try {
      t.clock.advance(DAY_MS - 60_000);
      const withinDay = await as(team.ADMIN).post(productsPath(team.orgId), body, { 'Idempotency-Key': k });
      expect(withinDay.headers.get('idempotent-replayed')).toBe('true');
      expect(withinDay.status).toBe(201);

      t.clock.advance(2 * 60_000);
      // Not replayed: the request runs again and meets the product it created the first time.
      const afterDay = await as(team.ADMIN).post(productsPath(team.orgId), body, { 'Idempotency-Key': k });
      expect(afterDay.status).toBe(409);
      expect(afterDay.headers.get('idempotent-replayed')).toBeNull();
      expect(await productsWithCode(body.code)).toHaveLength(1);

      // Purge: everything older than 24 h by the server's clock goes, newer records stay.
      const stale = key();
      await t.dataSource.query(
        `INSERT INTO idempotency_records (scope, method, path, idempotency_key, request_hash, status_code, response_body, created_at)
         VALUES ($1, 'POST', '/x', $2, $3, 201, '{}', $4)`,
        [team.orgId, stale, requestHash({}), new Date(t.clock.now().getTime() - DAY_MS - 1000)],
      );
      const purged = await new IdempotencyPurger(t.dataSource, t.clock).purge();
      expect(purged).toBeGreaterThanOrEqual(1);
      const left = (await records(team.orgId)).map((r) => r.idempotency_key);
      expect(left).not.toContain(stale);
      expect(left).toContain(k);
    } finally {
      t.clock.reset();
    }
  });

  it('documents the header in the OpenAPI document', async () => {
    const res = await new HttpClient(t.baseUrl).get('/docs-json');
    const op = res.body.paths['/v1/dashboard/orgs/{orgId}/products'].post;
    expect(op.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]));
  });
});
