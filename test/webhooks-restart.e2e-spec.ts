import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpClient, insertOrgWithTeam, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { buildServer, startServerProcess, type ServerProcess } from './support/server-process.js';
import { until, WebhookReceiver } from './support/webhook-receiver.js';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

/**
 * Deliveries come from the audit log through a stored cursor and a persisted queue, so a server killed with
 * deliveries pending delivers them after it comes back (API.md §9: at least once, survives restarts).
 */
describe('webhook deliveries survive a crash of the server process', () => {
  let t: TestApp;
  let team: Team;
  let main: string;
  let receiver: WebhookReceiver;
  const processes: ServerProcess[] = [];

  beforeAll(async () => {
    main = buildServer('.data/test-build-webhooks-restart');
    // The database (and a handle on it); this app's own dispatcher stays off: the server processes do the work.
    t = await startTestApp({ WEBHOOK_DISPATCH_INTERVAL_MS: '0' });
    team = await insertOrgWithTeam(t);
    receiver = await new WebhookReceiver().start();
  }, 180_000);
  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await receiver.stop();
    await t.close();
  });

  async function start(): Promise<ServerProcess> {
    const p = await startServerProcess(main, t.databaseUrl, { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_DISPATCH_INTERVAL_MS: '100' });
    processes.push(p);
    return p;
  }

  it('kill -9 with a failed delivery waiting for its retry and events not yet queued; after a restart all arrive', async () => {
    const productId = await insertProduct(t, team.orgId);
    // The receiver is down at first (503), then up.
    let up = false;
    receiver.respond = () => (up ? 200 : 503);

    const first = await start();
    const admin = new HttpClient(first.baseUrl).bearer(team.ADMIN.token);
    const created = await admin.post(`/v1/dashboard/webhooks/products/${productId}`, { url: receiver.url, events: ['product.updated'] });
    expect(created.status).toBe(201);
    const endpointId = created.body.data.endpoint.id as string;

    // One event is attempted and fails: it waits for its retry in the queue.
    expect((await admin.patch(`/v1/dashboard/products/${productId}`, { name: 'First' })).status).toBe(200);
    await until('the first attempt', () => receiver.requests.length >= 1);
    await until('the failure to be recorded', async () => {
      const rows = (await t.dataSource.query(`SELECT response_status FROM webhook_deliveries WHERE endpoint_id = $1`, [endpointId])) as Array<{ response_status: number | null }>;
      return rows[0]?.response_status === 503;
    });

    // The process hangs (SIGSTOP), more happens meanwhile (written by another process), then it is killed.
    first.child.kill('SIGSTOP');
    const other = new HttpClient(t.baseUrl).bearer(team.ADMIN.token);
    for (const name of ['Second', 'Third']) expect((await other.patch(`/v1/dashboard/products/${productId}`, { name })).status).toBe(200);
    await first.stop('SIGKILL');

    const [endpointRow] = (await t.dataSource.query(`SELECT event_cursor FROM webhook_endpoints WHERE id = $1`, [endpointId])) as Array<{ event_cursor: string }>;
    const events = (await t.dataSource.query(`SELECT id::text, data FROM audit_events WHERE product_id = $1 AND type = 'product.updated' ORDER BY id`, [productId])) as Array<{
      id: string;
    }>;
    expect(events).toHaveLength(3);
    // Two of them were never queued: only the cursor says where to resume.
    expect(events.filter((e) => BigInt(e.id) > BigInt(endpointRow!.event_cursor))).toHaveLength(2);
    // Only the first event was ever sent: the killed process never queued the other two.
    expect(new Set(receiver.requests.map((r) => r.body.id))).toEqual(new Set([events[0]!.id]));

    // The receiver comes back, and time passes for the retry that was scheduled (30 s on).
    up = true;
    await t.dataSource.query(`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE status = 'pending'`);
    await start();
    await until('all three events to be delivered', () => receiver.requests.filter((r) => r.answeredWith === 200).length >= 3, 20_000);
    await new Promise((r) => setTimeout(r, 500));

    const delivered = receiver.requests.filter((r) => r.answeredWith === 200).map((r) => r.body.id as string);
    // Each event arrived once; a repeat happened only after a failure.
    expect(delivered.sort()).toEqual(events.map((e) => e.id).sort());
    const log = (await t.dataSource.query(`SELECT event_id::text, status, attempt FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY event_id`, [endpointId])) as Array<{
      event_id: string;
      status: string;
      attempt: number;
    }>;
    expect(log.map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(log[0]!.attempt).toBeGreaterThanOrEqual(2);
  });
});
