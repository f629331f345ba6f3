import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditStreamHub } from '@geckoguard/audit';
import { AppConfig } from '@geckoguard/core';
import { HttpClient, insertLicense, insertOrgWithTeam, insertProduct, insertUser, startTestApp, type TestApp } from '@geckoguard/testing';
import net from 'node:net';
import pg from 'pg';
import { buildServer, startServerProcess, type ServerProcess } from './support/server-process.js';
import { SseClient } from './support/sse-client.js';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

const HEARTBEAT_MS = 300;

describe('GET /v1/dashboard/orgs/:orgId/audit-events/stream (Server-Sent Events, API.md §9)', () => {
  let t: TestApp;
  let team: Team;
  let other: Team;
  let productA: string;
  let productB: string;
  let licenseA: string;
  const open: SseClient[] = [];

  const streamUrl = (orgId: string, query = '') => `${t.baseUrl}/v1/dashboard/orgs/${orgId}/audit-events/stream${query}`;

  async function stream(token: string, orgId = team.orgId, query = '', headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient(streamUrl(orgId, query), { authorization: `Bearer ${token}`, ...headers });
    open.push(client);
    return client.opened();
  }

  async function insertEvents(orgId: string, rows: Array<{ type: string; productId?: string; licenseId?: string }>): Promise<string[]> {
    const ids: string[] = [];
    for (const e of rows) {
      const [row] = (await t.dataSource.query(
        `INSERT INTO audit_events (type, org_id, product_id, license_id, actor_type, actor_id, data, occurred_at)
         VALUES ($1, $2, $3, $4, 'system', NULL, $5, now()) RETURNING id`,
        [e.type, orgId, e.productId ?? null, e.licenseId ?? null, JSON.stringify({ n: ids.length })],
      )) as Array<{ id: string }>;
      ids.push(String(row!.id));
    }
    return ids;
  }

  /** All the org's event ids through the cursor API (the stream must agree with it). */
  async function cursorIds(orgId: string, query = ''): Promise<string[]> {
    const res = await new HttpClient(t.baseUrl).bearer(team.OWNER.token).get(`/v1/dashboard/orgs/${orgId}/audit-events?limit=1000${query}`);
    return (res.body.data.events as Array<{ id: string }>).map((e) => e.id);
  }

  beforeAll(async () => {
    t = await startTestApp({ AUDIT_STREAM_HEARTBEAT_MS: String(HEARTBEAT_MS) });
    team = await insertOrgWithTeam(t);
    other = await insertOrgWithTeam(t);
    productA = await insertProduct(t, team.orgId);
    productB = await insertProduct(t, team.orgId);
    licenseA = (await insertLicense(t, team.orgId, productA)).id;
    await insertEvents(team.orgId, [
      { type: 'product.created', productId: productA },
      { type: 'license.created', productId: productA, licenseId: licenseA },
      { type: 'license.revoked', productId: productA, licenseId: licenseA },
      { type: 'product.created', productId: productB },
    ]);
    await insertEvents(other.orgId, [{ type: 'license.created' }]);
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await t.close();
  });

  it('sends each event as id / event / data (the cursor API’s JSON), from the start by default, then follows new ones', async () => {
    const sse = await stream(team.VIEWER.token);
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(sse.headers['cache-control']).toContain('no-cache');
    const expected = (await new HttpClient(t.baseUrl).bearer(team.VIEWER.token).get(`/v1/dashboard/orgs/${team.orgId}/audit-events?limit=1000`)).body.data.events as Array<{
      id: string;
      type: string;
    }>;
    await sse.waitFor('the backlog', () => sse.messages.length >= expected.length);
    expect(sse.messages.map((m) => ({ id: m.id, event: m.event }))).toEqual(expected.map((e) => ({ id: e.id, event: e.type })));
    expect(sse.events()).toEqual(expected);
    expect(sse.retry).toBe(2000);

    const [live] = await insertEvents(team.orgId, [{ type: 'license.updated', productId: productA, licenseId: licenseA }]);
    const started = Date.now();
    await sse.waitFor('the live event', () => sse.ids().includes(live!));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(sse.messages.at(-1)!.event).toBe('license.updated');
    sse.close();
  });

  it('resumes after Last-Event-ID with exactly the events missed while disconnected', async () => {
    const first = await stream(team.DEV.token);
    const before = await cursorIds(team.orgId);
    await first.waitFor('the backlog', () => first.messages.length === before.length);
    const lastSeen = first.ids().at(-1)!;
    first.close();
    await first.waitForEnd();

    const missed = await insertEvents(team.orgId, [
      { type: 'license.frozen', productId: productA, licenseId: licenseA },
      { type: 'license.unfrozen', productId: productA, licenseId: licenseA },
      { type: 'product.updated', productId: productB },
    ]);
    const resumed = await stream(team.DEV.token, team.orgId, '', { 'last-event-id': lastSeen });
    await resumed.waitFor('the missed events', () => resumed.messages.length >= missed.length);
    await new Promise((r) => setTimeout(r, 300));
    expect(resumed.ids()).toEqual(missed);

    const [after] = await insertEvents(team.orgId, [{ type: 'license.deleted', productId: productA, licenseId: licenseA }]);
    await resumed.waitFor('the next live event', () => resumed.messages.length === missed.length + 1);
    expect(resumed.ids()).toEqual([...missed, after]);
    // Together the two connections saw every event once, in order.
    expect([...first.ids(), ...resumed.ids()]).toEqual(await cursorIds(team.orgId));
    resumed.close();
  });

  it('?after= starts after that id; Last-Event-ID wins over it', async () => {
    const all = await cursorIds(team.orgId);
    const viaQuery = await stream(team.VIEWER.token, team.orgId, `?after=${all[2]}`);
    await viaQuery.waitFor('events after the cursor', () => viaQuery.messages.length === all.length - 3);
    expect(viaQuery.ids()).toEqual(all.slice(3));
    viaQuery.close();

    const both = await stream(team.VIEWER.token, team.orgId, `?after=${all[0]}`, { 'last-event-id': all[all.length - 2]! });
    await both.waitFor('the last event', () => both.messages.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(both.ids()).toEqual([all[all.length - 1]]);
    both.close();
  });

  it('filters by type, licenseId and productId like the cursor API, live too', async () => {
    for (const query of ['?type=product.created', `?licenseId=${licenseA}`, `?productId=${productB}`, `?type=license.revoked&productId=${productA}`]) {
      const expected = await cursorIds(team.orgId, `&${query.slice(1)}`);
      expect(expected.length).toBeGreaterThan(0);
      const sse = await stream(team.VIEWER.token, team.orgId, query);
      await sse.waitFor(`the events of ${query}`, () => sse.messages.length >= expected.length);
      expect(sse.ids()).toEqual(expected);
      sse.close();
    }
    const revoked = await stream(team.VIEWER.token, team.orgId, `?type=license.revoked&after=${(await cursorIds(team.orgId)).at(-1)}`);
    const [, wanted] = await insertEvents(team.orgId, [
      { type: 'license.created', productId: productA, licenseId: licenseA },
      { type: 'license.revoked', productId: productA, licenseId: licenseA },
      { type: 'license.created', productId: productB },
    ]);
    await revoked.waitFor('the revoked event', () => revoked.messages.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(revoked.ids()).toEqual([wanted]);
    revoked.close();
  });

  it('never shows another organization’s events; 404 for an organization the caller is not in', async () => {
    const sse = await stream(team.OWNER.token);
    const [mine] = await insertEvents(team.orgId, [{ type: 'license.created', productId: productA }]);
    const theirs = await insertEvents(other.orgId, [{ type: 'license.created' }, { type: 'license.revoked' }]);
    await sse.waitFor('our event', () => sse.ids().includes(mine!));
    await new Promise((r) => setTimeout(r, 300));
    expect(theirs).toHaveLength(2);
    for (const id of theirs) expect(sse.ids()).not.toContain(id);
    expect(sse.events().every((e) => e.orgId === team.orgId)).toBe(true);
    sse.close();

    const cross = await stream(team.OWNER.token, other.orgId);
    expect(cross.status).toBe(404);
    expect(JSON.parse(cross.body).error.code).toBe('NOT_FOUND');
    const stranger = await stream((await insertUser(t)).token);
    expect(stranger.status).toBe(404);
    const malformed = await stream(team.OWNER.token, 'not-a-uuid');
    expect(malformed.status).toBe(404);
  });

  it('401 without a valid token; 400 for a bad cursor, Last-Event-ID or filter', async () => {
    const anonymous = new SseClient(streamUrl(team.orgId));
    open.push(anonymous);
    await anonymous.opened();
    expect(anonymous.status).toBe(401);
    expect((await stream('not-a-jwt')).status).toBe(401);
    for (const [query, headers, field] of [
      ['?after=-1', {}, 'after'],
      ['?after=abc', {}, 'after'],
      ['?after=9223372036854775808', {}, 'after'],
      ['', { 'last-event-id': 'abc' }, 'Last-Event-ID'],
      ['', { 'last-event-id': '99999999999999999999' }, 'Last-Event-ID'],
      ['?licenseId=nope', {}, 'licenseId'],
      ['?type=DROP%20TABLE', {}, 'type'],
      ['?limit=5', {}, 'limit'],
    ] as Array<[string, Record<string, string>, string]>) {
      const res = await stream(team.VIEWER.token, team.orgId, query, headers);
      expect({ query, headers, status: res.status }).toEqual({ query, headers, status: 400 });
      const body = JSON.parse(res.body);
      expect(body.error.code).toBe('VALIDATION_ERROR');
      expect(body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
  });

  it('sends a comment heartbeat on an idle stream (every 15 s by default; shortened here)', async () => {
    expect(new AppConfig({ JWT_SECRET: 'x'.repeat(32) }).auditStreamHeartbeatMs).toBe(15_000);
    const sse = await stream(team.VIEWER.token, team.orgId, `?after=${(await cursorIds(team.orgId)).at(-1)}`);
    await sse.waitFor('two heartbeats', () => sse.comments.filter((c) => c === 'heartbeat').length >= 2, 3 * HEARTBEAT_MS + 2000);
    expect(sse.messages).toHaveLength(0);
    sse.close();
  });

  it('ends the stream of a caller removed from the organization (membership is read again at each heartbeat)', async () => {
    const leaving = await insertUser(t);
    await t.dataSource.query(`INSERT INTO org_members (org_id, user_id, role) VALUES ($1, $2, 'VIEWER')`, [team.orgId, leaving.userId]);
    const sse = await stream(leaving.token);
    expect(sse.status).toBe(200);
    await sse.waitFor('a heartbeat', () => sse.comments.includes('heartbeat'), 3 * HEARTBEAT_MS + 2000);
    expect(sse.ended).toBe(false);
    await t.dataSource.query(`DELETE FROM org_members WHERE org_id = $1 AND user_id = $2`, [team.orgId, leaving.userId]);
    await sse.waitFor('the stream to end', () => sse.ended, 3 * HEARTBEAT_MS + 2000);
    const again = await stream(leaving.token);
    expect(again.status).toBe(404);
  });

  it('holds back events behind a transaction still open, then sends them all in order', async () => {
    const last = (await cursorIds(team.orgId)).at(-1)!;
    const sse = await stream(team.VIEWER.token, team.orgId, `?after=${last}`);
    const held = new pg.Client({ connectionString: t.databaseUrl });
    await held.connect();
    try {
      await held.query('BEGIN');
      const heldId = String(
        (await held.query(`INSERT INTO audit_events (type, org_id, actor_type, data, occurred_at) VALUES ('license.updated', $1, 'system', '{}', now()) RETURNING id`, [team.orgId]))
          .rows[0].id,
      );
      const later = await insertEvents(team.orgId, [{ type: 'license.created' }, { type: 'license.revoked' }]);
      await new Promise((r) => setTimeout(r, 1200));
      expect(sse.messages).toHaveLength(0);
      await held.query('COMMIT');
      await sse.waitFor('all three', () => sse.messages.length === 3);
      expect(sse.ids()).toEqual([heldId, ...later]);
    } finally {
      await held.end();
      sse.close();
    }
  });

  it('a slow consumer costs a page, not the backlog: the server waits for the socket, then sends everything', async () => {
    const busy = await insertOrgWithTeam(t);
    const padding = 'x'.repeat(2000);
    await t.dataSource.query(
      `INSERT INTO audit_events (type, org_id, actor_type, data, occurred_at)
       SELECT 'license.authorized', $1, 'system', jsonb_build_object('n', g, 'padding', $2::text), now() FROM generate_series(1, 6000) g`,
      [busy.orgId, padding],
    );
    const sse = new SseClient(streamUrl(busy.orgId), { authorization: `Bearer ${busy.VIEWER.token}` });
    open.push(sse);
    await sse.opened();
    sse.pause();
    const hub = t.app.get(AuditStreamHub);
    const state = () => hub.states().find((s) => s.orgId === busy.orgId)!;
    const deadline = Date.now() + 10_000;
    while (!state()?.waitingForDrain && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // Stuck on a full socket, well short of the backlog (about 12 MB): nothing more was read meanwhile.
    expect(state().waitingForDrain).toBe(true);
    const sentWhilePaused = state().eventsSent;
    expect(sentWhilePaused).toBeLessThan(6000);
    await new Promise((r) => setTimeout(r, 300));
    expect(state().eventsSent).toBe(sentWhilePaused);

    sse.resume();
    await sse.waitFor('the whole backlog', () => sse.messages.length === 6000, 30_000);
    const ns = sse.events().map((e) => (e.data as { n: number }).n);
    expect(ns).toEqual(Array.from({ length: 6000 }, (_, i) => i + 1));
    sse.close();
  });

  it('is documented in the OpenAPI document as text/event-stream', async () => {
    const doc = (await new HttpClient(t.baseUrl).get('/docs-json')).body;
    const op = doc.paths['/v1/dashboard/orgs/{orgId}/audit-events/stream']?.get;
    expect(op).toBeDefined();
    expect(Object.keys(op.responses['200'].content)).toContain('text/event-stream');
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['orgId', 'after', 'type', 'licenseId', 'productId', 'Last-Event-ID']));
  });

  it('closes open streams promptly when the server shuts down', async () => {
    const app = await startTestApp({ AUDIT_STREAM_HEARTBEAT_MS: String(HEARTBEAT_MS) });
    const people = await insertOrgWithTeam(app);
    const sse = new SseClient(`${app.baseUrl}/v1/dashboard/orgs/${people.orgId}/audit-events/stream`, { authorization: `Bearer ${people.VIEWER.token}` });
    await sse.opened();
    expect(sse.status).toBe(200);
    const started = Date.now();
    await app.close();
    await sse.waitForEnd();
    expect(sse.ended).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('the stream across server processes', () => {
  let t: TestApp;
  let team: Team;
  let main: string;
  let second: ServerProcess | null = null;

  beforeAll(async () => {
    main = buildServer('.data/test-build-audit-sse');
    t = await startTestApp();
    team = await insertOrgWithTeam(t);
    second = await startServerProcess(main, t.databaseUrl, { WEBHOOK_DISPATCH_INTERVAL_MS: '0' });
  }, 180_000);
  afterAll(async () => {
    await second?.stop();
    await t.close();
  });

  it('an event written by another server process reaches a subscriber within a second, both ways', async () => {
    const viaA = new SseClient(`${t.baseUrl}/v1/dashboard/orgs/${team.orgId}/audit-events/stream`, { authorization: `Bearer ${team.VIEWER.token}` });
    const viaB = new SseClient(`${second!.baseUrl}/v1/dashboard/orgs/${team.orgId}/audit-events/stream`, { authorization: `Bearer ${team.VIEWER.token}` });
    try {
      await viaA.opened();
      await viaB.opened();
      expect([viaA.status, viaB.status]).toEqual([200, 200]);
      // Let both streams settle on an empty backlog.
      await new Promise((r) => setTimeout(r, 300));

      // Written by the second process, through its API...
      const created = await new HttpClient(second!.baseUrl).bearer(team.ADMIN.token).post(`/v1/dashboard/orgs/${team.orgId}/products`, { name: 'Cross', code: 'CROSS_PROCESS' });
      expect(created.status).toBe(201);
      const writtenAt = Date.now();
      await viaA.waitFor('product.created from the other process', () => viaA.messages.some((m) => m.event === 'product.created'), 5000);
      expect(Date.now() - writtenAt).toBeLessThan(1000);

      // ...and the other way round.
      const updated = await new HttpClient(t.baseUrl).bearer(team.ADMIN.token).patch(`/v1/dashboard/products/${created.body.data.product.id}`, { name: 'Crossed' });
      expect(updated.status).toBe(200);
      const updatedAt = Date.now();
      await viaB.waitFor('product.updated from the test process', () => viaB.messages.some((m) => m.event === 'product.updated'), 5000);
      expect(Date.now() - updatedAt).toBeLessThan(1000);

      await viaA.waitFor('both events on A', () => viaA.messages.length === 2);
      expect(viaA.ids()).toEqual(viaB.ids());
    } finally {
      viaA.close();
      viaB.close();
    }
  });
});

describe('an SSE client that leaves before its stream starts', () => {
  it('leaves no stream behind, and the server still shuts down', async () => {
    // One database connection: the stream request waits for it in its guard while the client goes away.
    const app = await startTestApp({ DATABASE_POOL_SIZE: '1' });
    let closed = false;
    try {
      const team = await insertOrgWithTeam(app);
      const hub = app.app.get(AuditStreamHub);
      const busy = app.dataSource.query('SELECT pg_sleep(0.4)');
      const url = new URL(`${app.baseUrl}/v1/dashboard/orgs/${team.orgId}/audit-events/stream`);
      const socket = net.connect(Number(url.port), url.hostname);
      await new Promise<void>((done) => socket.once('connect', () => done()));
      socket.write(`GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${team.OWNER.token}\r\n\r\n`);
      await new Promise((r) => setTimeout(r, 100));
      socket.destroy();
      await busy;
      // The request now gets its connection, passes its guard and reaches the stream: with the client gone.
      await new Promise((r) => setTimeout(r, 500));
      expect(hub.states()).toEqual([]);
      await Promise.race([
        app.close().then(() => (closed = true)),
        new Promise((_, fail) => setTimeout(() => fail(new Error('the server did not shut down within 10 s')), 10_000)),
      ]);
    } finally {
      if (!closed) await app.close().catch(() => undefined);
    }
  }, 30_000);
});
