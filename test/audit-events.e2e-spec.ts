import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  HttpClient,
  insertApiKey,
  insertLicense,
  insertOrgWithTeam,
  insertProduct,
  insertUser,
  startTestApp,
  type TestApp,
} from '@geckoguard/testing';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

interface EventRow {
  type: string;
  productId?: string | null;
  licenseId?: string | null;
  actor?: { type: string; id: string | null };
  data?: Record<string, unknown>;
}

/** Appends events the way AuditLog does (the table is what the endpoint reads); returns their ids. */
async function insertEvents(t: TestApp, orgId: string, events: EventRow[]): Promise<string[]> {
  const ids: string[] = [];
  for (const e of events) {
    const rows = (await t.dataSource.query(
      `INSERT INTO audit_events (type, org_id, product_id, license_id, actor_type, actor_id, data, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now()) RETURNING id`,
      [e.type, orgId, e.productId ?? null, e.licenseId ?? null, e.actor?.type ?? 'system', e.actor?.id ?? null, JSON.stringify(e.data ?? {})],
    )) as Array<{ id: string }>;
    ids.push(String(rows[0]!.id));
  }
  return ids;
}

function path(orgId: string, query = ''): string {
  return `/v1/dashboard/orgs/${orgId}/audit-events${query}`;
}

/** Reads the whole stream from the start with `limit`, following nextCursor until an empty page. */
async function readAll(http: HttpClient, orgId: string, limit: number, filter = ''): Promise<{ ids: string[]; pages: number; lastCursor: string }> {
  const ids: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const query: string = `?limit=${limit}${after !== null ? `&after=${after}` : ''}${filter}`;
    const res = await http.get(path(orgId, query));
    expect(res.status).toBe(200);
    pages++;
    const { events, nextCursor } = res.body.data as { events: Array<{ id: string }>; nextCursor: string };
    expect(typeof nextCursor).toBe('string');
    if (events.length === 0) {
      expect(nextCursor).toBe(after ?? '0');
      return { ids, pages, lastCursor: nextCursor };
    }
    expect(events.length).toBeLessThanOrEqual(limit);
    expect(nextCursor).toBe(events[events.length - 1]!.id);
    ids.push(...events.map((e) => e.id));
    after = nextCursor;
  }
}

describe('GET /v1/dashboard/orgs/:orgId/audit-events', () => {
  let t: TestApp;
  let team: Team;
  let other: Team;
  let productA: string;
  let productB: string;
  let licenseA: string;
  let licenseB: string;
  /** Every event id of `team`'s org, in insertion (= id) order. */
  const ownIds: string[] = [];
  const otherIds: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    team = await insertOrgWithTeam(t);
    other = await insertOrgWithTeam(t);
    productA = await insertProduct(t, team.orgId);
    productB = await insertProduct(t, team.orgId);
    licenseA = (await insertLicense(t, team.orgId, productA)).id;
    licenseB = (await insertLicense(t, team.orgId, productB)).id;
    const otherProduct = await insertProduct(t, other.orgId);
    // Interleave the two organizations so their ids alternate.
    for (let i = 0; i < 12; i++) {
      ownIds.push(
        ...(await insertEvents(t, team.orgId, [
          { type: 'license.authorized', productId: productA, licenseId: licenseA, actor: { type: 'api_key', id: 'k1' }, data: { i } },
          { type: i % 3 === 0 ? 'license.revoked' : 'license.authorized', productId: productB, licenseId: licenseB, actor: { type: 'user', id: team.ADMIN.userId } },
        ])),
      );
      otherIds.push(...(await insertEvents(t, other.orgId, [{ type: 'license.authorized', productId: otherProduct, data: { secretOf: 'other' } }])));
    }
    ownIds.push(...(await insertEvents(t, team.orgId, [{ type: 'product.created', productId: productA, actor: { type: 'user', id: team.OWNER.userId } }])));
  });

  afterAll(async () => {
    await t.close();
  });

  it('returns the event in the §9 shape, oldest first, within the organization only', async () => {
    const res = await new HttpClient(t.baseUrl).bearer(team.VIEWER.token).get(path(team.orgId, '?limit=1'));
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    const [event] = res.body.data.events;
    expect(event).toEqual({
      id: ownIds[0],
      type: 'license.authorized',
      orgId: team.orgId,
      productId: productA,
      licenseId: licenseA,
      actor: { type: 'api_key', id: 'k1' },
      data: { i: 0 },
      occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    expect(res.body.data.nextCursor).toBe(ownIds[0]);
    expect(typeof event.id).toBe('string');
  });

  it('paging with nextCursor sees every event of the organization exactly once, in ascending order', async () => {
    const http = new HttpClient(t.baseUrl).bearer(team.VIEWER.token);
    for (const limit of [1, 4, 7, 25, 1000]) {
      const { ids, lastCursor } = await readAll(http, team.orgId, limit);
      expect(ids).toEqual(ownIds);
      expect(new Set(ids).size).toBe(ids.length);
      expect(lastCursor).toBe(ownIds[ownIds.length - 1]);
    }
    const ascending = [...ownIds].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    expect(ownIds).toEqual(ascending);
  });

  it('never shows another organization’s events', async () => {
    const http = new HttpClient(t.baseUrl).bearer(team.OWNER.token);
    const res = await http.get(path(team.orgId, '?limit=1000'));
    const ids = (res.body.data.events as Array<{ id: string; orgId: string }>).map((e) => e.id);
    for (const id of otherIds) expect(ids).not.toContain(id);
    for (const e of res.body.data.events) expect(e.orgId).toBe(team.orgId);
    // A cursor taken from the other organization's ids still reads only this one.
    const fromOther = await http.get(path(team.orgId, `?after=${otherIds[5]}&limit=1000`));
    expect(fromOther.status).toBe(200);
    expect(fromOther.body.data.events.every((e: { orgId: string }) => e.orgId === team.orgId)).toBe(true);
    expect(fromOther.body.data.events.map((e: { id: string }) => e.id)).toEqual(ownIds.filter((id) => BigInt(id) > BigInt(otherIds[5]!)));
  });

  it('an empty page answers nextCursor = after, or "0" without after; polling from it picks up new events', async () => {
    const http = new HttpClient(t.baseUrl).bearer(team.DEV.token);
    const last = ownIds[ownIds.length - 1]!;
    const empty = await http.get(path(team.orgId, `?after=${last}`));
    expect(empty.status).toBe(200);
    expect(empty.body.data).toEqual({ events: [], nextCursor: last });

    const fresh = await insertOrgWithTeam(t);
    const none = await new HttpClient(t.baseUrl).bearer(fresh.VIEWER.token).get(path(fresh.orgId));
    expect(none.status).toBe(200);
    expect(none.body.data).toEqual({ events: [], nextCursor: '0' });

    const beyond = await http.get(path(team.orgId, '?after=9223372036854775807'));
    expect(beyond.status).toBe(200);
    expect(beyond.body.data).toEqual({ events: [], nextCursor: '9223372036854775807' });

    const [added] = await insertEvents(t, team.orgId, [{ type: 'license.updated', licenseId: licenseA, productId: productA }]);
    ownIds.push(added!);
    const next = await http.get(path(team.orgId, `?after=${empty.body.data.nextCursor}`));
    expect(next.body.data.events.map((e: { id: string }) => e.id)).toEqual([added]);
    expect(next.body.data.nextCursor).toBe(added);
  });

  it('defaults to 100 events per page', async () => {
    const busy = await insertOrgWithTeam(t);
    await t.dataSource.query(
      `INSERT INTO audit_events (type, org_id, actor_type, data, occurred_at) SELECT 'license.authorized', $1, 'system', '{}', now() FROM generate_series(1, 130)`,
      [busy.orgId],
    );
    const http = new HttpClient(t.baseUrl).bearer(busy.VIEWER.token);
    const first = await http.get(path(busy.orgId));
    expect(first.body.data.events).toHaveLength(100);
    const second = await http.get(path(busy.orgId, `?after=${first.body.data.nextCursor}`));
    expect(second.body.data.events).toHaveLength(30);
    const max = await http.get(path(busy.orgId, '?limit=1000'));
    expect(max.body.data.events).toHaveLength(130);
  });

  it('filters by type, licenseId and productId, alone and combined, and pages within the filter', async () => {
    const http = new HttpClient(t.baseUrl).bearer(team.VIEWER.token);
    const all = (await http.get(path(team.orgId, '?limit=1000'))).body.data.events as Array<{ id: string; type: string; licenseId: string | null; productId: string | null }>;

    const byType = await readAll(http, team.orgId, 2, '&type=license.revoked');
    expect(byType.ids).toEqual(all.filter((e) => e.type === 'license.revoked').map((e) => e.id));
    expect(byType.ids).toHaveLength(4);

    const byLicense = await readAll(http, team.orgId, 5, `&licenseId=${licenseA}`);
    expect(byLicense.ids).toEqual(all.filter((e) => e.licenseId === licenseA).map((e) => e.id));

    const byProduct = await readAll(http, team.orgId, 5, `&productId=${productA}`);
    expect(byProduct.ids).toEqual(all.filter((e) => e.productId === productA).map((e) => e.id));
    expect(byProduct.ids.length).toBeGreaterThan(byLicense.ids.length - 1);

    const combined = await http.get(path(team.orgId, `?type=license.authorized&productId=${productB}&licenseId=${licenseB}&limit=1000`));
    expect(combined.body.data.events.map((e: { id: string }) => e.id)).toEqual(
      all.filter((e) => e.type === 'license.authorized' && e.productId === productB && e.licenseId === licenseB).map((e) => e.id),
    );
    expect(combined.body.data.events).toHaveLength(8);

    const nothing = await http.get(path(team.orgId, '?type=webhook.disabled&after=5'));
    expect(nothing.body.data).toEqual({ events: [], nextCursor: '5' });
  });

  it('401 without a valid access token, and for an API key', async () => {
    const anonymous = await new HttpClient(t.baseUrl).get(path(team.orgId));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHORIZED');
    const garbage = await new HttpClient(t.baseUrl).bearer('not-a-jwt').get(path(team.orgId));
    expect(garbage.status).toBe(401);
    const apiKey = await insertApiKey(t, team.orgId, productA, ['license:read']);
    const withKey = await new HttpClient(t.baseUrl).apiKey(apiKey.key).get(path(team.orgId));
    expect(withKey.status).toBe(401);
  });

  it('404 for an organization the caller is not a member of, or a malformed org id', async () => {
    const outsider = await insertUser(t);
    const res = await new HttpClient(t.baseUrl).bearer(outsider.token).get(path(team.orgId));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    const otherOrg = await new HttpClient(t.baseUrl).bearer(team.OWNER.token).get(path(other.orgId));
    expect(otherOrg.status).toBe(404);
    const malformed = await new HttpClient(t.baseUrl).bearer(team.OWNER.token).get(path('not-a-uuid'));
    expect(malformed.status).toBe(404);
  });

  it('400 VALIDATION_ERROR for a bad cursor, limit or filter', async () => {
    const http = new HttpClient(t.baseUrl).bearer(team.VIEWER.token);
    const cases: Array<[string, string]> = [
      ['?after=-1', 'after'],
      ['?after=abc', 'after'],
      ['?after=1.5', 'after'],
      ['?after=1e3', 'after'],
      ['?after=', 'after'],
      ['?after=%201', 'after'],
      ['?after=99999999999999999999', 'after'],
      ['?after=9223372036854775808', 'after'],
      ['?limit=0', 'limit'],
      ['?limit=1001', 'limit'],
      ['?limit=ten', 'limit'],
      ['?limit=2.5', 'limit'],
      ['?licenseId=nope', 'licenseId'],
      ['?productId=123', 'productId'],
      ['?type=', 'type'],
      ['?type=DROP%20TABLE', 'type'],
      ['?unknown=1', 'unknown'],
    ];
    for (const [query, field] of cases) {
      const res = await http.get(path(team.orgId, query));
      expect({ query, status: res.status, code: res.body.error?.code }).toEqual({ query, status: 400, code: 'VALIDATION_ERROR' });
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
  });

  it('accepts leading zeros in after and answers the cursor in canonical form', async () => {
    const http = new HttpClient(t.baseUrl).bearer(team.VIEWER.token);
    const res = await http.get(path(team.orgId, `?after=000${ownIds[2]}&limit=1`));
    expect(res.status).toBe(200);
    expect(res.body.data.events[0].id).toBe(ownIds[3]);
    const empty = await http.get(path(team.orgId, '?after=0009223372036854775807'));
    expect(empty.status).toBe(400);
  });

  it('is documented in the OpenAPI document', async () => {
    const res = await new HttpClient(t.baseUrl).get('/docs-json');
    const op = res.body.paths['/v1/dashboard/orgs/{orgId}/audit-events']?.get;
    expect(op).toBeDefined();
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['orgId', 'after', 'limit', 'type', 'licenseId', 'productId']));
  });
});
