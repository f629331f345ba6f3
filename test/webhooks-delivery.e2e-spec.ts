import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import pg from 'pg';
import { CommandBus } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, Clock } from '@geckoguard/core';
import { auditEvents, HttpClient, insertOrgWithTeam, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { DispatchWebhooksCommand, WebhookDeliveryPurger, WebhookSender } from '@geckoguard/webhooks';
import { createApp } from '../apps/api/src/create-app.js';
import { untilSomeoneWaitsForALock } from './support/lock-waits.js';
import { until, WebhookReceiver, type ReceivedRequest } from './support/webhook-receiver.js';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

const path = (productId: string, rest = '') => `/v1/dashboard/webhooks/products/${productId}${rest}`;
const SECOND = 1000;

/** What a receiver does with X-GG-Signature, written out here rather than taken from the server's code. */
function verify(secret: string, request: ReceivedRequest): { t: number; valid: boolean } {
  const header = String(request.headers['x-gg-signature']);
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return { t: NaN, valid: false };
  const expected = createHmac('sha256', secret).update(`${match[1]}.${request.rawBody}`).digest('hex');
  return { t: Number(match[1]), valid: expected === match[2] };
}

describe('webhook delivery (API.md §9)', () => {
  let t: TestApp;
  let team: Team;
  let admin: HttpClient;
  const receivers: WebhookReceiver[] = [];

  const dispatch = (maxAttempts = 50) => t.app.get(CommandBus).execute(new DispatchWebhooksCommand(maxAttempts));

  async function receiver(respond?: ConstructorParameters<typeof WebhookReceiver>[0]): Promise<WebhookReceiver> {
    const r = await new WebhookReceiver(respond).start();
    receivers.push(r);
    return r;
  }

  async function endpoint(productId: string, url: string, events: string[] = ['*']): Promise<{ id: string; secret: string }> {
    const res = await admin.post(path(productId), { url, events });
    expect(res.status).toBe(201);
    return res.body.data.endpoint;
  }

  /** Appends audit events of the product the way the server does (the table is the outbox); returns their ids. */
  async function events(productId: string, types: string[], licenseId: string | null = null): Promise<string[]> {
    const ids: string[] = [];
    for (const type of types) {
      const [row] = (await t.dataSource.query(
        `INSERT INTO audit_events (type, org_id, product_id, license_id, actor_type, actor_id, data, occurred_at)
         VALUES ($1, $2, $3, $4, 'api_key', 'key-1', $5, $6) RETURNING id`,
        [type, team.orgId, productId, licenseId, JSON.stringify({ n: ids.length }), t.clock.now()],
      )) as Array<{ id: string }>;
      ids.push(String(row!.id));
    }
    return ids;
  }

  const deliveries = async (productId: string, endpointId: string) =>
    (await admin.get(path(productId, `/${endpointId}/deliveries?limit=1000`))).body.data.deliveries as Array<Record<string, any>>;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_DISPATCH_INTERVAL_MS: '0' });
    team = await insertOrgWithTeam(t);
    admin = new HttpClient(t.baseUrl).bearer(team.ADMIN.token);
  });
  afterEach(async () => {
    t.clock.reset();
    t.app.get(WebhookSender).timeoutMs = 10_000;
    // Each test's endpoints stay its own: leftover retries must not fall due in the next test.
    await t.dataSource.query(`UPDATE webhook_endpoints SET enabled = false`);
  });
  afterAll(async () => {
    for (const r of receivers) await r.stop();
    await t.close();
  });

  it('delivers the body and headers of §9, signed with the secret as returned, only events after the endpoint’s creation', async () => {
    const productId = await insertProduct(t, team.orgId);
    const before = await events(productId, ['license.created']);
    const r = await receiver();
    const ep = await endpoint(productId, `${r.url}/hooks/gg`);
    // A real command writes one too: PATCH the product.
    expect((await admin.patch(`/v1/dashboard/products/${productId}`, { name: 'Renamed' })).status).toBe(200);
    const after = await events(productId, ['license.revoked', 'license.authorized']);

    const result = await dispatch();
    expect(result).toMatchObject({ queued: 3, attempted: 3, delivered: 3, failed: 0 });
    expect(r.requests).toHaveLength(3);
    const stream = (await new HttpClient(t.baseUrl).bearer(team.VIEWER.token).get(`/v1/dashboard/orgs/${team.orgId}/audit-events?productId=${productId}&limit=1000`)).body.data
      .events as Array<{ id: string; type: string }>;
    const expected = stream.filter((e) => BigInt(e.id) > BigInt(before[0]!) && e.type !== 'webhook.created');
    expect(expected.map((e) => e.type)).toEqual(['product.updated', 'license.revoked', 'license.authorized']);
    expect(expected.map((e) => e.id).slice(1)).toEqual(after);

    const byId = new Map(r.requests.map((req) => [req.body.id as string, req]));
    expect([...byId.keys()].sort()).toEqual(expected.map((e) => e.id).sort());
    const log = await deliveries(productId, ep.id);
    for (const event of expected) {
      const req = byId.get(event.id)!;
      expect(req.method).toBe('POST');
      expect(req.path).toBe('/hooks/gg');
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.headers['x-gg-event']).toBe(event.type);
      expect(req.body).toEqual({ id: event.id, event: event.type, data: event, timestamp: (event as unknown as { occurredAt: string }).occurredAt });
      const { t: signedAt, valid } = verify(ep.secret, req);
      expect(valid).toBe(true);
      expect(Math.abs(signedAt - Date.now() / 1000)).toBeLessThan(60);
      // Keyed with the secret exactly as returned: without the prefix it does not verify.
      expect(verify(ep.secret.replace(/^whsec_/, ''), req).valid).toBe(false);
      const entry = log.find((d) => d.eventId === event.id)!;
      expect(req.headers['x-gg-delivery']).toBe(entry.id);
      expect(entry).toMatchObject({ event: event.type, status: 'delivered', attempt: 1, responseStatus: 200, error: null, nextAttemptAt: null });
    }
    expect(log.map((d) => d.eventId)).not.toContain(before[0]);

    // Nothing is delivered twice.
    expect(await dispatch()).toEqual({ queued: 0, attempted: 0, delivered: 0, failed: 0 });
    expect(r.requests).toHaveLength(3);
  });

  it('delivers only the listed event types of its own product', async () => {
    const productId = await insertProduct(t, team.orgId);
    const otherProduct = await insertProduct(t, team.orgId);
    const r = await receiver();
    await endpoint(productId, r.url, ['license.revoked', 'license.expired']);
    await events(otherProduct, ['license.revoked']);
    const wanted = await events(productId, ['license.created', 'license.revoked', 'license.authorized', 'license.expired', 'license.revoked']);
    await dispatch();
    expect(r.requests.map((req) => req.body.id).sort()).toEqual([wanted[1], wanted[3], wanted[4]].sort());
  });

  it('retries a receiver that fails twice, with backoff on the injected clock, then records the success', async () => {
    const productId = await insertProduct(t, team.orgId);
    const r = await receiver((_req, i) => (i < 2 ? 500 : 200));
    const ep = await endpoint(productId, r.url);
    const [eventId] = await events(productId, ['license.revoked']);

    expect(await dispatch()).toMatchObject({ attempted: 1, failed: 1 });
    let [entry] = await deliveries(productId, ep.id);
    expect(entry).toMatchObject({ eventId, status: 'pending', attempt: 1, responseStatus: 500, error: 'HTTP 500' });
    expect(Date.parse(entry!.nextAttemptAt) - t.clock.now().getTime()).toBeGreaterThan(25 * SECOND);

    // Not due yet: nothing is sent.
    t.clock.advance(20 * SECOND);
    expect(await dispatch()).toMatchObject({ attempted: 0 });
    expect(r.requests).toHaveLength(1);

    t.clock.advance(10 * SECOND);
    expect(await dispatch()).toMatchObject({ attempted: 1, failed: 1 });
    [entry] = await deliveries(productId, ep.id);
    expect(entry).toMatchObject({ status: 'pending', attempt: 2, responseStatus: 500 });
    // Exponential: the second wait is longer than the first.
    expect(Date.parse(entry!.nextAttemptAt) - t.clock.now().getTime()).toBeGreaterThan(60 * SECOND);
    expect((await admin.get(path(productId, `/${ep.id}`))).body.data.endpoint.consecutiveFailures).toBe(2);

    t.clock.advance(90 * SECOND);
    expect(await dispatch()).toMatchObject({ attempted: 1, delivered: 1 });
    [entry] = await deliveries(productId, ep.id);
    expect(entry).toMatchObject({ eventId, status: 'delivered', attempt: 3, responseStatus: 200, error: null, nextAttemptAt: null });
    // The same delivery each time: same id, same body bytes, a fresh signature.
    expect(new Set(r.requests.map((req) => req.headers['x-gg-delivery'])).size).toBe(1);
    expect(new Set(r.requests.map((req) => req.rawBody)).size).toBe(1);
    expect(r.requests.every((req) => verify(ep.secret, req).valid)).toBe(true);
    // A success clears the failure count.
    expect((await admin.get(path(productId, `/${ep.id}`))).body.data.endpoint.consecutiveFailures).toBe(0);
  });

  it('records an outcome with the endpoint locked first, the order in which deleting an endpoint takes them', async () => {
    const productId = await insertProduct(t, team.orgId);
    const r = await receiver(() => 500);
    const ep = await endpoint(productId, r.url);
    await events(productId, ['license.revoked']);
    expect(await dispatch()).toMatchObject({ attempted: 1, failed: 1 });
    t.clock.advance(31 * SECOND);

    const deleting = new pg.Client({ connectionString: t.databaseUrl });
    const probe = new pg.Client({ connectionString: t.databaseUrl });
    await deleting.connect();
    await probe.connect();
    try {
      // A deletion's first step: the endpoint's row.
      await deleting.query('BEGIN');
      await deleting.query('SELECT 1 FROM webhook_endpoints WHERE id = $1 FOR UPDATE', [ep.id]);
      const retry = dispatch();
      await untilSomeoneWaitsForALock(t.dataSource);
      // The retry's outcome waits for the endpoint without holding its delivery, so the deletion can take that next.
      await probe.query('BEGIN');
      await expect(probe.query('SELECT id FROM webhook_deliveries WHERE endpoint_id = $1 FOR UPDATE NOWAIT', [ep.id])).resolves.toMatchObject({ rowCount: 1 });
      await probe.query('ROLLBACK');
      await deleting.query('ROLLBACK');
      expect(await retry).toMatchObject({ attempted: 1, failed: 1 });
      const [entry] = await deliveries(productId, ep.id);
      expect(entry).toMatchObject({ attempt: 2, responseStatus: 500 });
    } finally {
      await deleting.end();
      await probe.end();
    }
  });

  it('gives up after 10 attempts spread over more than 24 hours', async () => {
    const productId = await insertProduct(t, team.orgId);
    const r = await receiver(() => 503);
    const ep = await endpoint(productId, r.url);
    await events(productId, ['license.created']);
    const started = t.clock.now().getTime();
    let lastAttemptAt = started;
    for (let attempt = 1; ; attempt++) {
      expect(await dispatch()).toMatchObject({ attempted: 1 });
      lastAttemptAt = t.clock.now().getTime();
      const [entry] = await deliveries(productId, ep.id);
      expect(entry!.attempt).toBe(attempt);
      if (entry!.status === 'failed') {
        expect(entry).toMatchObject({ attempt: 10, nextAttemptAt: null, responseStatus: 503 });
        break;
      }
      t.clock.set(new Date(Date.parse(entry!.nextAttemptAt)));
    }
    expect(r.requests).toHaveLength(10);
    expect(lastAttemptAt - started).toBeGreaterThanOrEqual(24 * 3600 * SECOND);
    t.clock.advance(7 * 24 * 3600 * SECOND);
    expect(await dispatch()).toMatchObject({ attempted: 0 });
  });

  it('does not follow redirects', async () => {
    const productId = await insertProduct(t, team.orgId);
    const target = await receiver();
    const r = await receiver(() => (res) => {
      res.writeHead(307, { location: `${target.url}/elsewhere` });
      res.end();
    });
    const ep = await endpoint(productId, r.url);
    await events(productId, ['license.created']);
    expect(await dispatch()).toMatchObject({ attempted: 1, failed: 1 });
    expect(r.requests).toHaveLength(1);
    expect(target.requests).toHaveLength(0);
    const [entry] = await deliveries(productId, ep.id);
    expect(entry).toMatchObject({ status: 'pending', responseStatus: 307 });
    expect(entry!.error).toMatch(/^Redirect \(307\) not followed/);
  });

  it('times out a receiver that does not answer (10 s; shortened here)', async () => {
    const productId = await insertProduct(t, team.orgId);
    const r = await receiver(() => () => undefined);
    const ep = await endpoint(productId, r.url);
    await events(productId, ['license.created']);
    t.app.get(WebhookSender).timeoutMs = 300;
    const started = Date.now();
    expect(await dispatch()).toMatchObject({ attempted: 1, failed: 1 });
    expect(Date.now() - started).toBeLessThan(5 * SECOND);
    const [entry] = await deliveries(productId, ep.id);
    expect(entry).toMatchObject({ status: 'pending', attempt: 1, responseStatus: null });
    expect(entry!.error).toMatch(/Timed out/);
  });

  it('POST .../test sends a signed test.ping once and answers with its log entry', async () => {
    const productId = await insertProduct(t, team.orgId);
    const r = await receiver();
    const ep = await endpoint(productId, r.url);
    const res = await admin.post(path(productId, `/${ep.id}/test`));
    expect(res.status).toBe(201);
    expect(res.body.data.delivery).toEqual({
      id: expect.any(String),
      eventId: null,
      event: 'test.ping',
      status: 'delivered',
      attempt: 1,
      responseStatus: 200,
      error: null,
      createdAt: expect.any(String),
      nextAttemptAt: null,
    });
    expect(r.requests).toHaveLength(1);
    const [req] = r.requests;
    expect(req!.headers['x-gg-event']).toBe('test.ping');
    expect(req!.headers['x-gg-delivery']).toBe(res.body.data.delivery.id);
    expect(req!.body).toEqual({ id: res.body.data.delivery.id, event: 'test.ping', data: { endpointId: ep.id, productId, orgId: team.orgId }, timestamp: expect.any(String) });
    expect(verify(ep.secret, req!).valid).toBe(true);
    expect((await deliveries(productId, ep.id))[0]).toEqual(res.body.data.delivery);

    // A failing receiver: logged as failed, never retried, not counted against the endpoint.
    r.respond = () => 500;
    const failed = await admin.post(path(productId, `/${ep.id}/test`));
    expect(failed.body.data.delivery).toMatchObject({ status: 'failed', responseStatus: 500, error: 'HTTP 500' });
    t.clock.advance(3600 * SECOND);
    await dispatch();
    expect(r.requests).toHaveLength(2);
    expect((await admin.get(path(productId, `/${ep.id}`))).body.data.endpoint.consecutiveFailures).toBe(0);
  });

  it('100 failed attempts in a row disable the endpoint and write webhook.disabled once', async () => {
    const productId = await insertProduct(t, team.orgId);
    const r = await receiver(() => 500);
    const ep = await endpoint(productId, r.url);
    await events(
      productId,
      Array.from({ length: 100 }, () => 'license.authorized'),
    );
    await dispatch(100);
    expect(r.requests).toHaveLength(100);
    const { endpoint: disabled } = (await admin.get(path(productId, `/${ep.id}`))).body.data;
    expect(disabled).toMatchObject({ enabled: false, consecutiveFailures: 100, disabledAt: expect.any(String) });
    const disabledEvents = (await auditEvents(t, team.orgId)).filter((e) => e.type === 'webhook.disabled');
    expect(disabledEvents).toHaveLength(1);
    expect(disabledEvents[0]).toMatchObject({ product_id: productId, actor_type: 'system', actor_id: null });
    expect(disabledEvents[0]!.data).toEqual({ endpointId: ep.id, url: r.url, consecutiveFailures: 100 });

    // Disabled: nothing more is sent, not even the retries that fall due.
    await events(productId, ['license.revoked']);
    t.clock.advance(3600 * SECOND);
    expect(await dispatch()).toMatchObject({ attempted: 0 });
    expect(r.requests).toHaveLength(100);

    // Enabled again (a fixed receiver): the backlog goes out, the count starts over.
    r.respond = () => 200;
    expect((await admin.patch(path(productId, `/${ep.id}`), { enabled: true })).body.data.endpoint).toMatchObject({ enabled: true, consecutiveFailures: 0 });
    await dispatch(200);
    const log = await deliveries(productId, ep.id);
    // The endpoint's own product stream includes what happened to it: webhook.disabled, then webhook.updated.
    expect(log.map((d) => d.event).filter((e) => !e.startsWith('license.'))).toEqual(expect.arrayContaining(['webhook.disabled', 'webhook.updated']));
    expect(log).toHaveLength(103);
    expect(log.every((d) => d.status === 'delivered')).toBe(true);
  });

  it('the purger drops settled deliveries older than 30 days and the drained endpoints of deleted products', async () => {
    const productId = await insertProduct(t, team.orgId);
    const goneProductId = await insertProduct(t, team.orgId);
    const r = await receiver();
    const kept = await endpoint(productId, r.url);
    const gone = await endpoint(goneProductId, r.url);
    const DAY = 86_400 * SECOND;
    const log = async (endpointId: string, status: string, ageDays: number) => {
      const [row] = (await t.dataSource.query(
        `INSERT INTO webhook_deliveries (endpoint_id, org_id, event, body, status, created_at) VALUES ($1, $2, 'license.created', '{}', $3, $4) RETURNING id`,
        [endpointId, team.orgId, status, new Date(t.clock.now().getTime() - ageDays * DAY)],
      )) as Array<{ id: string }>;
      return row!.id;
    };
    await log(kept.id, 'delivered', 31);
    await log(kept.id, 'failed', 31);
    const recent = await log(kept.id, 'delivered', 29);
    const stillPending = await log(kept.id, 'pending', 31);
    await log(gone.id, 'delivered', 1);
    // The product goes (its endpoint has queued all of its events and has nothing pending).
    await t.dataSource.query(`DELETE FROM products WHERE id = $1`, [goneProductId]);

    await t.app.get(WebhookDeliveryPurger).tick();

    const rows = (await t.dataSource.query(`SELECT id, endpoint_id FROM webhook_deliveries WHERE endpoint_id IN ($1, $2) ORDER BY id`, [kept.id, gone.id])) as Array<{
      id: string;
    }>;
    expect(rows.map((row) => row.id).sort()).toEqual([recent, stillPending].sort());
    const endpoints = (await t.dataSource.query(`SELECT id FROM webhook_endpoints WHERE id IN ($1, $2)`, [kept.id, gone.id])) as Array<{ id: string }>;
    expect(endpoints).toEqual([{ id: kept.id }]);
  });

  it('a process that dispatches webhooks purges once at start-up, not only after its first hour', async () => {
    const productId = await insertProduct(t, team.orgId);
    const r = await receiver();
    const ep = await endpoint(productId, r.url);
    await t.dataSource.query(
      `INSERT INTO webhook_deliveries (endpoint_id, org_id, event, body, status, created_at) VALUES ($1, $2, 'license.created', '{}', 'delivered', $3)`,
      [ep.id, team.orgId, new Date(Date.now() - 40 * 86_400 * SECOND)],
    );
    const count = async () => ((await t.dataSource.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1`, [ep.id])) as Array<{ n: number }>)[0]!.n;
    expect(await count()).toBe(1);
    const dispatching: NestFastifyApplication = await createApp({
      config: new AppConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: t.config.jwtSecret, WEBHOOK_DISPATCH_INTERVAL_MS: '60000', EXPIRY_SWEEP_INTERVAL_SECONDS: '0', MISUSE_SCAN_INTERVAL_SECONDS: '0' }),
      databaseUrl: t.databaseUrl,
      clock: new Clock(),
    });
    await dispatching.init();
    try {
      await until('the start-up purge', async () => (await count()) === 0);
    } finally {
      await dispatching.close();
    }
  });

  it('two app instances (separate pools on one database) share the work and deliver each event exactly once', async () => {
    const productId = await insertProduct(t, team.orgId);
    // Answers take a moment, so both dispatchers are busy at once.
    const r = await receiver(() => (res) => setTimeout(() => res.writeHead(200).end('ok'), 2));
    await endpoint(productId, r.url);
    const second: NestFastifyApplication = await createApp({
      config: new AppConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: t.config.jwtSecret, WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_DISPATCH_INTERVAL_MS: '0', EXPIRY_SWEEP_INTERVAL_SECONDS: '0', MISUSE_SCAN_INTERVAL_SECONDS: '0' }),
      databaseUrl: t.databaseUrl,
      clock: new Clock(),
    });
    await second.init();
    try {
      const ids = await events(productId, Array.from({ length: 150 }, (_, i) => (i % 2 ? 'license.authorized' : 'license.created')));
      const run = async (app: NestFastifyApplication) => {
        let attempted = 0;
        for (let round = 0; round < 40; round++) attempted += (await app.get(CommandBus).execute(new DispatchWebhooksCommand(10))).attempted;
        return attempted;
      };
      const [a, b] = await Promise.all([run(t.app), run(second)]);
      await until('every event to arrive', () => r.requests.length >= ids.length);
      expect(a + b).toBe(ids.length);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
      const received = r.requests.map((req) => req.body.id as string);
      expect(received.length).toBe(ids.length);
      expect(new Set(received)).toEqual(new Set(ids));
    } finally {
      await second.close();
    }
  });
});
