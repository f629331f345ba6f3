import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { auditEvents, HttpClient, insertOrgWithTeam, insertProduct, insertUser, startTestApp, type TestApp } from '@geckoguard/testing';
import { DispatchWebhooksCommand } from '@geckoguard/webhooks';
import { WebhookReceiver } from './support/webhook-receiver.js';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

const path = (productId: string, rest = '') => `/v1/dashboard/webhooks/products/${productId}${rest}`;

describe('webhook endpoints: create, read, change, delete (API.md §9)', () => {
  let t: TestApp;
  let team: Team;
  let other: Team;
  let productId: string;
  let otherProductId: string;
  let admin: HttpClient;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_DISPATCH_INTERVAL_MS: '0' });
    team = await insertOrgWithTeam(t);
    other = await insertOrgWithTeam(t);
    productId = await insertProduct(t, team.orgId);
    otherProductId = await insertProduct(t, other.orgId);
    admin = new HttpClient(t.baseUrl).bearer(team.ADMIN.token);
  });
  afterAll(async () => {
    await t.close();
  });

  it('POST creates an endpoint: 201 with its whsec_ secret, the row, and webhook.created', async () => {
    const res = await admin.post(path(productId), { url: 'https://hooks.example.com/gg', events: ['license.created', 'license.revoked', 'license.created'], enabled: true });
    expect(res.status).toBe(201);
    const { endpoint } = res.body.data;
    expect(endpoint).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      productId,
      url: 'https://hooks.example.com/gg',
      events: ['license.created', 'license.revoked'],
      enabled: true,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{40,}$/),
      consecutiveFailures: 0,
      disabledAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const [row] = (await t.dataSource.query(`SELECT * FROM webhook_endpoints WHERE id = $1`, [endpoint.id])) as Array<Record<string, unknown>>;
    expect(row).toMatchObject({ org_id: team.orgId, product_id: productId, secret: endpoint.secret, enabled: true });
    const created = (await auditEvents(t, team.orgId)).filter((e) => e.type === 'webhook.created');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ product_id: productId, actor_type: 'user', actor_id: team.ADMIN.userId });
    expect(created[0]!.data).toEqual({ endpointId: endpoint.id, url: 'https://hooks.example.com/gg', events: ['license.created', 'license.revoked'], enabled: true });
    expect(JSON.stringify(created[0]!.data)).not.toContain(endpoint.secret);
    // Its cursor starts at its own creation event: it receives only what happens after it exists.
    expect(String(row!.event_cursor)).toBe(String((created[0] as unknown as { id: string }).id));
  });

  it('enabled defaults to true; each endpoint gets its own secret', async () => {
    const a = await admin.post(path(productId), { url: 'http://hooks.example.com/a', events: ['*'] });
    const b = await admin.post(path(productId), { url: 'http://hooks.example.com/b', events: ['*'], enabled: false });
    expect(a.status).toBe(201);
    expect(a.body.data.endpoint.enabled).toBe(true);
    expect(b.body.data.endpoint.enabled).toBe(false);
    expect(a.body.data.endpoint.secret).not.toBe(b.body.data.endpoint.secret);
  });

  it('honours Idempotency-Key on create', async () => {
    const body = { url: 'https://hooks.example.com/idem', events: ['*'] };
    const first = await admin.post(path(productId), body, { 'idempotency-key': 'wh-create-1' });
    const again = await admin.post(path(productId), body, { 'idempotency-key': 'wh-create-1' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.data.endpoint.id).toBe(first.body.data.endpoint.id);
    const rows = (await t.dataSource.query(`SELECT count(*)::int AS n FROM webhook_endpoints WHERE url = $1`, [body.url])) as Array<{ n: number }>;
    expect(rows[0]!.n).toBe(1);
  });

  it('GET lists a product’s endpoints newest first, and reads one', async () => {
    const product = await insertProduct(t, team.orgId);
    const first = (await admin.post(path(product), { url: 'https://hooks.example.com/1', events: ['*'] })).body.data.endpoint;
    t.clock.advance(1000);
    const second = (await admin.post(path(product), { url: 'https://hooks.example.com/2', events: ['*'] })).body.data.endpoint;
    const list = await admin.get(path(product));
    expect(list.status).toBe(200);
    expect(list.body.data.endpoints.map((e: { id: string }) => e.id)).toEqual([second.id, first.id]);
    const one = await admin.get(path(product, `/${first.id}`));
    expect(one.status).toBe(200);
    expect(one.body.data.endpoint).toEqual(first);
  });

  it('PATCH changes url, events and enabled, writes webhook.updated with changedFields, and nothing when nothing changes', async () => {
    const { endpoint } = (await admin.post(path(productId), { url: 'https://hooks.example.com/p', events: ['*'] })).body.data;
    const res = await admin.patch(path(productId, `/${endpoint.id}`), { url: 'https://hooks.example.com/q', events: ['license.expired'], enabled: false });
    expect(res.status).toBe(200);
    expect(res.body.data.endpoint).toMatchObject({ id: endpoint.id, url: 'https://hooks.example.com/q', events: ['license.expired'], enabled: false, secret: endpoint.secret });
    const updates = () => auditEvents(t, team.orgId).then((events) => events.filter((e) => e.type === 'webhook.updated' && e.data.endpointId === endpoint.id));
    expect((await updates())[0]!.data).toMatchObject({ changedFields: ['url', 'events', 'enabled'], enabled: false });

    const same = await admin.patch(path(productId, `/${endpoint.id}`), { enabled: false, url: 'https://hooks.example.com/q' });
    expect(same.status).toBe(200);
    expect(await updates()).toHaveLength(1);

    // Enabling a failing endpoint again clears its failure count.
    await t.dataSource.query(`UPDATE webhook_endpoints SET consecutive_failures = 100, disabled_at = now() WHERE id = $1`, [endpoint.id]);
    const enabled = await admin.patch(path(productId, `/${endpoint.id}`), { enabled: true });
    expect(enabled.body.data.endpoint).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledAt: null });
  });

  it('DELETE removes the endpoint and its delivery log and writes webhook.deleted', async () => {
    const { endpoint } = (await admin.post(path(productId), { url: 'https://hooks.example.com/d', events: ['*'] })).body.data;
    await t.dataSource.query(
      `INSERT INTO webhook_deliveries (endpoint_id, org_id, event, body, status, created_at) VALUES ($1, $2, 'test.ping', '{}', 'delivered', now())`,
      [endpoint.id, team.orgId],
    );
    const res = await admin.delete(path(productId, `/${endpoint.id}`));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ deleted: true });
    expect(await t.dataSource.query(`SELECT 1 FROM webhook_endpoints WHERE id = $1`, [endpoint.id])).toHaveLength(0);
    expect(await t.dataSource.query(`SELECT 1 FROM webhook_deliveries WHERE endpoint_id = $1`, [endpoint.id])).toHaveLength(0);
    const deleted = (await auditEvents(t, team.orgId)).filter((e) => e.type === 'webhook.deleted');
    expect(deleted.map((e) => e.data.endpointId)).toEqual([endpoint.id]);
    expect((await admin.delete(path(productId, `/${endpoint.id}`))).status).toBe(404);
    expect((await admin.patch(path(productId, `/${endpoint.id}`), { enabled: true })).status).toBe(404);
  });

  it('GET deliveries: VIEWER may read the log, newest first, limited by ?limit', async () => {
    const { endpoint } = (await admin.post(path(productId), { url: 'https://hooks.example.com/log', events: ['*'] })).body.data;
    for (let i = 0; i < 3; i++) {
      await t.dataSource.query(
        `INSERT INTO webhook_deliveries (endpoint_id, org_id, event_id, event, body, status, attempt, response_status, created_at)
         VALUES ($1, $2, $3::bigint, 'license.created', '{}', 'delivered', 1, 200, now() + make_interval(secs => $3::int))`,
        [endpoint.id, team.orgId, i + 1],
      );
    }
    const viewer = new HttpClient(t.baseUrl).bearer(team.VIEWER.token);
    const res = await viewer.get(path(productId, `/${endpoint.id}/deliveries?limit=2`));
    expect(res.status).toBe(200);
    expect(res.body.data.deliveries).toHaveLength(2);
    expect(res.body.data.deliveries[0]).toEqual({
      id: expect.any(String),
      eventId: '3',
      event: 'license.created',
      status: 'delivered',
      attempt: 1,
      responseStatus: 200,
      error: null,
      createdAt: expect.any(String),
      nextAttemptAt: null,
    });
    expect(res.body.data.deliveries[1].eventId).toBe('2');
    for (const limit of ['0', '1001', 'x']) {
      const bad = await viewer.get(path(productId, `/${endpoint.id}/deliveries?limit=${limit}`));
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_ERROR');
    }
  });

  it('401 without credentials; 403 below ADMIN; 404 across organizations and for unknown ids', async () => {
    const { endpoint } = (await admin.post(path(productId), { url: 'https://hooks.example.com/auth', events: ['*'] })).body.data;
    const anonymous = new HttpClient(t.baseUrl);
    expect((await anonymous.post(path(productId), { url: 'https://x.example.com', events: ['*'] })).status).toBe(401);
    expect((await anonymous.get(path(productId, `/${endpoint.id}/deliveries`))).status).toBe(401);

    const dev = new HttpClient(t.baseUrl).bearer(team.DEV.token);
    for (const res of [
      await dev.post(path(productId), { url: 'https://x.example.com', events: ['*'] }),
      await dev.get(path(productId)),
      await dev.patch(path(productId, `/${endpoint.id}`), { enabled: false }),
      await dev.delete(path(productId, `/${endpoint.id}`)),
      await dev.post(path(productId, `/${endpoint.id}/test`)),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect((await dev.get(path(productId, `/${endpoint.id}/deliveries`))).status).toBe(200);

    // Another organization's admin, a stranger, unknown and malformed ids: 404, never 403.
    const outsider = new HttpClient(t.baseUrl).bearer(other.OWNER.token);
    expect((await outsider.get(path(productId, `/${endpoint.id}/deliveries`))).status).toBe(404);
    expect((await outsider.patch(path(productId, `/${endpoint.id}`), { enabled: false })).status).toBe(404);
    expect((await outsider.post(path(productId), { url: 'https://x.example.com', events: ['*'] })).status).toBe(404);
    const stranger = new HttpClient(t.baseUrl).bearer((await insertUser(t)).token);
    expect((await stranger.delete(path(productId, `/${endpoint.id}`))).status).toBe(404);
    // The endpoint exists, but not under this product (of the caller's own other org... or a product of another org).
    const ownOther = new HttpClient(t.baseUrl).bearer(other.ADMIN.token);
    expect((await ownOther.get(path(otherProductId, `/${endpoint.id}`))).status).toBe(404);
    expect((await admin.get(path(productId, '/00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    expect((await admin.get(path(productId, '/not-a-uuid/deliveries'))).status).toBe(404);
    expect((await admin.post(path('00000000-0000-4000-8000-000000000000'), { url: 'https://x.example.com', events: ['*'] })).status).toBe(404);
    expect((await admin.post(path('nope'), { url: 'https://x.example.com', events: ['*'] })).status).toBe(404);
    // Nothing happened to it.
    expect((await admin.get(path(productId, `/${endpoint.id}`))).body.data.endpoint.enabled).toBe(true);
  });

  it('400 VALIDATION_ERROR for bad fields', async () => {
    const cases: Array<[unknown, string]> = [
      [{ events: ['*'] }, 'url'],
      [{ url: 'ftp://hooks.example.com', events: ['*'] }, 'url'],
      [{ url: 'not a url', events: ['*'] }, 'url'],
      [{ url: 'https://user:pass@hooks.example.com', events: ['*'] }, 'url'],
      [{ url: `https://hooks.example.com/${'x'.repeat(2100)}`, events: ['*'] }, 'url'],
      [{ url: 'https://hooks.example.com', events: [] }, 'events'],
      [{ url: 'https://hooks.example.com', events: 'license.created' }, 'events'],
      [{ url: 'https://hooks.example.com', events: ['License Created'] }, 'events'],
      [{ url: 'https://hooks.example.com', events: [42] }, 'events'],
      // Well formed, but no event the server records: it would never be delivered.
      [{ url: 'https://hooks.example.com', events: ['license.created', 'nope.x'] }, 'events'],
      [{ url: 'https://hooks.example.com' }, 'events'],
      [{ url: 'https://hooks.example.com', events: ['*'], enabled: 'yes' }, 'enabled'],
      [{ url: 'https://hooks.example.com', events: ['*'], secret: 'whsec_mine' }, 'secret'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post(path(productId), body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status: 400, code: 'VALIDATION_ERROR' });
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    const { endpoint } = (await admin.post(path(productId), { url: 'https://hooks.example.com/v', events: ['*'] })).body.data;
    for (const [body, field] of [
      [{ url: null }, 'url'],
      [{ events: [] }, 'events'],
      [{ events: ['license.expird'] }, 'events'],
      [{ enabled: null }, 'enabled'],
      [{ nope: 1 }, 'nope'],
    ] as Array<[unknown, string]>) {
      const res = await admin.patch(path(productId, `/${endpoint.id}`), body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    const malformed = await admin.request('POST', path(productId), '{"url":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await new HttpClient(t.baseUrl).get('/docs-json')).body;
    expect(doc.paths['/v1/dashboard/webhooks/products/{productId}'].post).toBeDefined();
    expect(doc.paths['/v1/dashboard/webhooks/products/{productId}/{endpointId}'].patch).toBeDefined();
    expect(doc.paths['/v1/dashboard/webhooks/products/{productId}/{endpointId}'].delete).toBeDefined();
    expect(doc.paths['/v1/dashboard/webhooks/products/{productId}/{endpointId}/deliveries'].get).toBeDefined();
    expect(doc.paths['/v1/dashboard/webhooks/products/{productId}/{endpointId}/test'].post).toBeDefined();
  });
});

describe('webhook URLs on private addresses (WEBHOOK_ALLOW_PRIVATE=false)', () => {
  let t: TestApp;
  let team: Team;
  let productId: string;
  let admin: HttpClient;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'false', WEBHOOK_DISPATCH_INTERVAL_MS: '0' });
    team = await insertOrgWithTeam(t);
    productId = await insertProduct(t, team.orgId);
    admin = new HttpClient(t.baseUrl).bearer(team.ADMIN.token);
    receiver = await new WebhookReceiver().start();
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it('are refused when saved: loopback, private, link-local, and names resolving to them', async () => {
    for (const url of [
      receiver.url,
      'http://localhost:8080/hook',
      'http://127.0.0.2/hook',
      'http://10.1.2.3/hook',
      'http://172.20.0.1/hook',
      'http://192.168.1.10/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]:8080/hook',
      'http://[fe80::1]/hook',
      'http://[fd00::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://0.0.0.0/hook',
      'https://no-such-host.invalid/hook',
    ]) {
      const res = await admin.post(path(productId), { url, events: ['*'] });
      expect({ url, status: res.status, code: res.body.error?.code }).toEqual({ url, status: 400, code: 'VALIDATION_ERROR' });
      expect(res.body.error.details[0].path).toBe('url');
    }
    expect(await t.dataSource.query(`SELECT 1 FROM webhook_endpoints`)).toHaveLength(0);
  });

  it('a public address is accepted, and changing it to a private one is refused', async () => {
    const res = await admin.post(path(productId), { url: 'http://93.184.216.34/hook', events: ['*'], enabled: false });
    expect(res.status).toBe(201);
    const patched = await admin.patch(path(productId, `/${res.body.data.endpoint.id}`), { url: 'http://127.0.0.1/hook' });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details[0].path).toBe('url');
  });

  it('are refused again at delivery time, for an endpoint saved while they were allowed', async () => {
    // As if saved under WEBHOOK_ALLOW_PRIVATE=true, or before its name began resolving to a private address.
    const [{ id }] = (await t.dataSource.query(
      `INSERT INTO webhook_endpoints (org_id, product_id, url, events, enabled, secret, event_cursor, created_at, updated_at)
       VALUES ($1, $2, $3, '{*}', true, 'whsec_test', (SELECT coalesce(max(id), 0) FROM audit_events), now(), now()) RETURNING id`,
      [team.orgId, productId, `${receiver.url}/hook`],
    )) as Array<{ id: string }>;
    const [{ id: byName }] = (await t.dataSource.query(
      `INSERT INTO webhook_endpoints (org_id, product_id, url, events, enabled, secret, event_cursor, created_at, updated_at)
       VALUES ($1, $2, $3, '{*}', true, 'whsec_test', (SELECT coalesce(max(id), 0) FROM audit_events), now(), now()) RETURNING id`,
      [team.orgId, productId, `${receiver.url.replace('127.0.0.1', 'localhost')}/hook`],
    )) as Array<{ id: string }>;
    await t.dataSource.query(
      `INSERT INTO audit_events (type, org_id, product_id, actor_type, data, occurred_at) VALUES ('license.created', $1, $2, 'system', '{}', now())`,
      [team.orgId, productId],
    );
    const result = await t.app.get(CommandBus).execute(new DispatchWebhooksCommand());
    expect(result.attempted).toBeGreaterThanOrEqual(2);
    expect(receiver.requests).toHaveLength(0);
    for (const endpointId of [id, byName]) {
      const deliveries = (await admin.get(path(productId, `/${endpointId}/deliveries`))).body.data.deliveries;
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]).toMatchObject({ event: 'license.created', status: 'pending', attempt: 1, responseStatus: null });
      expect(deliveries[0].error).toMatch(/^Refused: .*not a public address/);
    }
    // test.ping is held to the same rule.
    const ping = await admin.post(path(productId, `/${id}/test`));
    expect(ping.status).toBe(201);
    expect(ping.body.data.delivery).toMatchObject({ event: 'test.ping', status: 'failed', responseStatus: null });
    expect(receiver.requests).toHaveLength(0);
  });
});
