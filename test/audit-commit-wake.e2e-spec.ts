import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpClient, insertOrgWithTeam, startTestApp, type TestApp } from '@geckoguard/testing';
import { SseClient } from './support/sse-client.js';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

/**
 * ARCHITECTURE rule 2: after a commit, handlers publish their events on the EventBus, and the live stream
 * reacts at once. Polling is set to a minute here, so only that wake-up can deliver within seconds.
 */
describe('events committed in this process wake the live stream', () => {
  let t: TestApp;
  let team: Team;
  beforeAll(async () => {
    t = await startTestApp({ AUDIT_STREAM_POLL_MS: '60000' });
    team = await insertOrgWithTeam(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a product created through the API reaches an open stream without waiting for the poll', async () => {
    const sse = new SseClient(`${t.baseUrl}/v1/dashboard/orgs/${team.orgId}/audit-events/stream`, { authorization: `Bearer ${team.VIEWER.token}` });
    await sse.opened();
    expect(sse.status).toBe(200);
    // let the stream's first look (at opening) pass, so what follows can only come from a wake-up
    await new Promise((r) => setTimeout(r, 300));
    const created = await new HttpClient(t.baseUrl).bearer(team.ADMIN.token).post(`/v1/dashboard/orgs/${team.orgId}/products`, { name: 'Woken', code: 'WAKE_UP' });
    expect(created.status).toBe(201);
    await sse.waitFor('product.created', () => sse.messages.some((m) => m.event === 'product.created'), 5_000);
    const event = JSON.parse(sse.messages.find((m) => m.event === 'product.created')!.data);
    expect(event).toMatchObject({ type: 'product.created', orgId: team.orgId, productId: created.body.data.product.id });
    sse.close();
  });
});
