import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  auditEvents,
  HttpClient,
  insertApiKey,
  insertMember,
  insertOrg,
  insertOrgWithTeam,
  insertProduct,
  insertUser,
  startTestApp,
  type TestApp,
} from '@geckoguard/testing';
import { untilSomeoneWaitsForALock } from './support/lock-waits.js';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

describe('identity: organizations and members (API.md §2)', () => {
  let t: TestApp;
  let anon: HttpClient;
  let other: Team;
  const as = (user: { token: string }) => new HttpClient(t.baseUrl).bearer(user.token);
  const orgPath = (orgId: string) => `/v1/dashboard/orgs/${orgId}`;
  const membersPath = (orgId: string) => `${orgPath(orgId)}/members`;

  async function memberId(orgId: string, userId: string): Promise<string> {
    const [row] = (await t.dataSource.query(`SELECT id FROM org_members WHERE org_id = $1 AND user_id = $2`, [orgId, userId])) as Array<{ id: string }>;
    return row!.id;
  }

  async function roleOf(orgId: string, userId: string): Promise<string | undefined> {
    const [row] = (await t.dataSource.query(`SELECT role FROM org_members WHERE org_id = $1 AND user_id = $2`, [orgId, userId])) as Array<{ role: string }>;
    return row?.role;
  }

  beforeAll(async () => {
    t = await startTestApp();
    anon = new HttpClient(t.baseUrl);
    other = await insertOrgWithTeam(t);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('POST /v1/dashboard/orgs', () => {
    it('lets any logged-in user create an organization they OWN (201), with org.created and team.member_added', async () => {
      const user = await insertUser(t);
      const res = await as(user).post('/v1/dashboard/orgs', { name: 'New Org' });
      expect(res.status).toBe(201);
      const org = res.body.data.org;
      expect(org).toEqual({ id: expect.any(String), name: 'New Org', role: 'OWNER', createdAt: expect.any(String), updatedAt: expect.any(String) });
      expect(await roleOf(org.id, user.userId)).toBe('OWNER');
      const events = await auditEvents(t, org.id);
      expect(events.map((e) => e.type)).toEqual(['org.created', 'team.member_added']);
      expect(events[1]).toMatchObject({ actor_type: 'user', actor_id: user.userId, data: { userId: user.userId, role: 'OWNER', email: user.email } });
    });

    it('answers 401 without a token or with an API key, 400 for a bad name', async () => {
      expect((await anon.post('/v1/dashboard/orgs', { name: 'x' })).status).toBe(401);
      const productId = await insertProduct(t, other.orgId);
      const { key } = await insertApiKey(t, other.orgId, productId, []);
      expect((await anon.apiKey(key).post('/v1/dashboard/orgs', { name: 'x' })).status).toBe(401);
      const user = await insertUser(t);
      for (const body of [{}, { name: '' }, { name: 'x'.repeat(201) }, { name: 'ok', extra: 1 }]) {
        const res = await as(user).post('/v1/dashboard/orgs', body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_ERROR');
      }
    });
  });

  describe('GET /v1/dashboard/orgs', () => {
    it("lists the caller's organizations only, newest first, with the caller's role and pages", async () => {
      const user = await insertUser(t);
      const a = await insertOrg(t, 'Org A');
      await insertMember(t, a, user.userId, 'VIEWER');
      const b = (await as(user).post('/v1/dashboard/orgs', { name: 'Org B' })).body.data.org.id as string;
      const res = await as(user).get('/v1/dashboard/orgs');
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ page: 1, pageSize: 50, total: 2 });
      expect(res.body.data.orgs.map((o: { id: string; role: string }) => [o.id, o.role])).toEqual([
        [b, 'OWNER'],
        [a, 'VIEWER'],
      ]);
      const second = await as(user).get('/v1/dashboard/orgs?page=2&pageSize=1');
      expect(second.body.data).toMatchObject({ page: 2, pageSize: 1, total: 2 });
      expect(second.body.data.orgs.map((o: { id: string }) => o.id)).toEqual([a]);
      expect((await as(user).get('/v1/dashboard/orgs?page=3&pageSize=1')).body.data).toMatchObject({ orgs: [], total: 2 });
      expect((await as(user).get('/v1/dashboard/orgs?pageSize=0')).status).toBe(400);
      expect((await anon.get('/v1/dashboard/orgs')).status).toBe(401);
    });
  });

  describe('GET|PATCH|DELETE /v1/dashboard/orgs/:orgId', () => {
    it('shows the organization to a VIEWER; 404 to a non-member and for an unknown or malformed id; 401 without a token', async () => {
      const team = await insertOrgWithTeam(t);
      const res = await as(team.VIEWER).get(orgPath(team.orgId));
      expect(res.status).toBe(200);
      expect(res.body.data.org).toMatchObject({ id: team.orgId, name: 'Test Org', role: 'VIEWER' });
      expect((await as(other.OWNER).get(orgPath(team.orgId))).status).toBe(404);
      expect((await as(team.OWNER).get(orgPath(randomUUID()))).status).toBe(404);
      expect((await as(team.OWNER).get(orgPath('nope'))).status).toBe(404);
      expect((await anon.get(orgPath(team.orgId))).status).toBe(401);
    });

    it('lets an ADMIN rename it (org.updated), not a DEV (403); nothing changes, nothing is recorded', async () => {
      const team = await insertOrgWithTeam(t);
      expect((await as(team.DEV).patch(orgPath(team.orgId), { name: 'Renamed' })).status).toBe(403);
      expect((await as(other.ADMIN).patch(orgPath(team.orgId), { name: 'Renamed' })).status).toBe(404);
      expect((await as(team.ADMIN).patch(orgPath(team.orgId), { name: '' })).status).toBe(400);
      expect((await as(team.ADMIN).patch(orgPath(team.orgId), { name: null })).status).toBe(400);

      const res = await as(team.ADMIN).patch(orgPath(team.orgId), { name: 'Renamed' });
      expect(res.status).toBe(200);
      expect(res.body.data.org).toMatchObject({ id: team.orgId, name: 'Renamed', role: 'ADMIN' });
      expect(res.body.data.org.updatedAt).not.toBe(res.body.data.org.createdAt);
      expect((await as(team.ADMIN).patch(orgPath(team.orgId), { name: 'Renamed' })).status).toBe(200);
      expect((await as(team.ADMIN).patch(orgPath(team.orgId), {})).status).toBe(200);
      const events = (await auditEvents(t, team.orgId)).filter((e) => e.type === 'org.updated');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor_id: team.ADMIN.userId, data: { changedFields: ['name'], name: 'Renamed' } });
    });

    it('lets only an OWNER delete it; refuses (409) while it has products; deletes the memberships', async () => {
      const team = await insertOrgWithTeam(t);
      expect((await as(team.ADMIN).delete(orgPath(team.orgId))).status).toBe(403);
      expect((await as(other.OWNER).delete(orgPath(team.orgId))).status).toBe(404);
      const productId = await insertProduct(t, team.orgId);
      const refused = await as(team.OWNER).delete(orgPath(team.orgId));
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(/products/);

      await t.dataSource.query(`DELETE FROM products WHERE id = $1`, [productId]);
      const res = await as(team.OWNER).delete(orgPath(team.orgId));
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ deleted: true });
      expect(await t.dataSource.query(`SELECT 1 FROM orgs WHERE id = $1`, [team.orgId])).toHaveLength(0);
      expect(await t.dataSource.query(`SELECT 1 FROM org_members WHERE org_id = $1`, [team.orgId])).toHaveLength(0);
      expect((await as(team.OWNER).get(orgPath(team.orgId))).status).toBe(404);
      const events = await auditEvents(t, team.orgId);
      expect(events.at(-1)).toMatchObject({ type: 'org.deleted', actor_id: team.OWNER.userId, data: { name: 'Test Org', membersRemoved: 4 } });
      // The other organization is untouched.
      expect((await as(other.VIEWER).get(orgPath(other.orgId))).status).toBe(200);
    });
  });

  describe('GET /v1/dashboard/orgs/:orgId/members', () => {
    it('lists the members to a VIEWER, newest first; 404 to a non-member, 401 without a token', async () => {
      const team = await insertOrgWithTeam(t);
      const res = await as(team.VIEWER).get(membersPath(team.orgId));
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ page: 1, pageSize: 50, total: 4 });
      const members = res.body.data.members as Array<Record<string, unknown>>;
      expect(members.map((m) => m.role)).toEqual(['OWNER', 'ADMIN', 'DEV', 'VIEWER']);
      expect(members[0]).toEqual({
        id: await memberId(team.orgId, team.OWNER.userId),
        userId: team.OWNER.userId,
        email: team.OWNER.email,
        name: null,
        role: 'OWNER',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect((await as(other.OWNER).get(membersPath(team.orgId))).status).toBe(404);
      expect((await anon.get(membersPath(team.orgId))).status).toBe(401);
    });
  });

  describe('POST /v1/dashboard/orgs/:orgId/members', () => {
    let team: Team;
    beforeAll(async () => {
      team = await insertOrgWithTeam(t);
    });

    it('lets an ADMIN add an existing user by email (201, any case) with team.member_added', async () => {
      const user = await insertUser(t);
      const res = await as(team.ADMIN).post(membersPath(team.orgId), { email: user.email.toUpperCase(), role: 'DEV' });
      expect(res.status).toBe(201);
      expect(res.body.data.member).toEqual({
        id: expect.any(String),
        userId: user.userId,
        email: user.email,
        name: null,
        role: 'DEV',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(await roleOf(team.orgId, user.userId)).toBe('DEV');
      const events = (await auditEvents(t, team.orgId)).filter((e) => e.type === 'team.member_added');
      expect(events.at(-1)).toMatchObject({
        actor_type: 'user',
        actor_id: team.ADMIN.userId,
        data: { memberId: res.body.data.member.id, userId: user.userId, email: user.email, role: 'DEV' },
      });
      // The new member's existing token works at once.
      expect((await as(user).get(orgPath(team.orgId))).status).toBe(200);
    });

    it('answers 404 for an unknown email and 409 for a member', async () => {
      const unknown = await as(team.ADMIN).post(membersPath(team.orgId), { email: 'nobody@example.test', role: 'DEV' });
      expect(unknown.status).toBe(404);
      const dup = await as(team.ADMIN).post(membersPath(team.orgId), { email: team.VIEWER.email, role: 'DEV' });
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe('CONFLICT');
      expect(await roleOf(team.orgId, team.VIEWER.userId)).toBe('VIEWER');
    });

    it('answers 403 to a DEV, and to an ADMIN granting OWNER; an OWNER may grant OWNER', async () => {
      const user = await insertUser(t);
      expect((await as(team.DEV).post(membersPath(team.orgId), { email: user.email, role: 'VIEWER' })).status).toBe(403);
      const grant = await as(team.ADMIN).post(membersPath(team.orgId), { email: user.email, role: 'OWNER' });
      expect(grant.status).toBe(403);
      expect(grant.body.error.code).toBe('FORBIDDEN');
      expect(await roleOf(team.orgId, user.userId)).toBeUndefined();
      expect((await as(team.OWNER).post(membersPath(team.orgId), { email: user.email, role: 'OWNER' })).status).toBe(201);
      expect(await roleOf(team.orgId, user.userId)).toBe('OWNER');
    });

    it('answers 400 for a bad role or a missing email, 404 to a non-member, 401 without a token', async () => {
      const user = await insertUser(t);
      expect((await as(team.ADMIN).post(membersPath(team.orgId), { email: user.email, role: 'ROOT' })).status).toBe(400);
      expect((await as(team.ADMIN).post(membersPath(team.orgId), { role: 'DEV' })).status).toBe(400);
      expect((await as(other.ADMIN).post(membersPath(team.orgId), { email: user.email, role: 'DEV' })).status).toBe(404);
      expect((await anon.post(membersPath(team.orgId), { email: user.email, role: 'DEV' })).status).toBe(401);
    });
  });

  describe('PATCH /v1/dashboard/orgs/:orgId/members/:memberId', () => {
    it("lets an ADMIN change a non-OWNER's role (team.member_updated), effective at once for tokens already issued", async () => {
      const team = await insertOrgWithTeam(t);
      const id = await memberId(team.orgId, team.DEV.userId);
      expect((await as(team.DEV).patch(orgPath(team.orgId), { name: 'x' })).status).toBe(403);
      const res = await as(team.ADMIN).patch(`${membersPath(team.orgId)}/${id}`, { role: 'ADMIN' });
      expect(res.status).toBe(200);
      expect(res.body.data.member).toMatchObject({ id, userId: team.DEV.userId, role: 'ADMIN' });
      // The token issued while a DEV now acts as an ADMIN...
      expect((await as(team.DEV).patch(orgPath(team.orgId), { name: 'By the promoted' })).status).toBe(200);
      // ...and an ADMIN demoted to VIEWER loses the right with the token in hand.
      const adminId = await memberId(team.orgId, team.ADMIN.userId);
      expect((await as(team.OWNER).patch(`${membersPath(team.orgId)}/${adminId}`, { role: 'VIEWER' })).status).toBe(200);
      expect((await as(team.ADMIN).patch(orgPath(team.orgId), { name: 'x' })).status).toBe(403);
      expect((await as(team.ADMIN).get(orgPath(team.orgId))).status).toBe(200);

      const events = (await auditEvents(t, team.orgId)).filter((e) => e.type === 'team.member_updated');
      expect(events.map((e) => e.data)).toEqual([
        { memberId: id, userId: team.DEV.userId, email: team.DEV.email, previousRole: 'DEV', role: 'ADMIN' },
        { memberId: adminId, userId: team.ADMIN.userId, email: team.ADMIN.email, previousRole: 'ADMIN', role: 'VIEWER' },
      ]);
    });

    it('lets only an OWNER grant, change or take away OWNER (403 otherwise)', async () => {
      const team = await insertOrgWithTeam(t);
      const ownerId = await memberId(team.orgId, team.OWNER.userId);
      const viewerId = await memberId(team.orgId, team.VIEWER.userId);
      expect((await as(team.ADMIN).patch(`${membersPath(team.orgId)}/${ownerId}`, { role: 'ADMIN' })).status).toBe(403);
      expect((await as(team.ADMIN).patch(`${membersPath(team.orgId)}/${viewerId}`, { role: 'OWNER' })).status).toBe(403);
      expect((await as(team.DEV).patch(`${membersPath(team.orgId)}/${viewerId}`, { role: 'DEV' })).status).toBe(403);
      expect(await roleOf(team.orgId, team.OWNER.userId)).toBe('OWNER');
      expect(await roleOf(team.orgId, team.VIEWER.userId)).toBe('VIEWER');

      expect((await as(team.OWNER).patch(`${membersPath(team.orgId)}/${viewerId}`, { role: 'OWNER' })).status).toBe(200);
      // Now two OWNERs: one may step down.
      expect((await as(team.OWNER).patch(`${membersPath(team.orgId)}/${ownerId}`, { role: 'ADMIN' })).status).toBe(200);
      expect(await roleOf(team.orgId, team.OWNER.userId)).toBe('ADMIN');
    });

    it('answers 409 to demoting the last OWNER', async () => {
      const team = await insertOrgWithTeam(t);
      const ownerId = await memberId(team.orgId, team.OWNER.userId);
      const res = await as(team.OWNER).patch(`${membersPath(team.orgId)}/${ownerId}`, { role: 'ADMIN' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
      expect(await roleOf(team.orgId, team.OWNER.userId)).toBe('OWNER');
      // Keeping the role is no demotion.
      expect((await as(team.OWNER).patch(`${membersPath(team.orgId)}/${ownerId}`, { role: 'OWNER' })).status).toBe(200);
    });

    it('demotes an OWNER made OWNER while the demotion waited, when another OWNER remains', async () => {
      const team = await insertOrgWithTeam(t);
      const viewerId = await memberId(team.orgId, team.VIEWER.userId);
      // Another request makes the VIEWER an OWNER and has not committed yet.
      const promoting = new pg.Client({ connectionString: t.databaseUrl });
      await promoting.connect();
      try {
        await promoting.query('BEGIN');
        await promoting.query(`UPDATE org_members SET role = 'OWNER' WHERE id = $1`, [viewerId]);
        const demotion = as(team.OWNER).patch(`${membersPath(team.orgId)}/${viewerId}`, { role: 'DEV' });
        // The demotion has read the owners (the VIEWER not among them yet) and waits for the member's row.
        await untilSomeoneWaitsForALock(t.dataSource);
        await promoting.query('COMMIT');
        // The creator is still OWNER: the member was not the last one.
        const res = await demotion;
        expect({ status: res.status, role: res.body.data?.member?.role ?? res.body.data?.role }).toEqual({ status: 200, role: 'DEV' });
        expect(await roleOf(team.orgId, team.VIEWER.userId)).toBe('DEV');
        expect(await roleOf(team.orgId, team.OWNER.userId)).toBe('OWNER');
      } finally {
        await promoting.end();
      }
    });

    it('keeps one OWNER when the last two step down at the same time', async () => {
      for (let round = 0; round < 3; round++) {
        const team = await insertOrgWithTeam(t);
        const second = team.ADMIN;
        const secondId = await memberId(team.orgId, second.userId);
        await t.dataSource.query(`UPDATE org_members SET role = 'OWNER' WHERE id = $1`, [secondId]);
        const ownerId = await memberId(team.orgId, team.OWNER.userId);
        const results = await Promise.all([
          as(team.OWNER).patch(`${membersPath(team.orgId)}/${ownerId}`, { role: 'ADMIN' }),
          as(second).delete(`${membersPath(team.orgId)}/${secondId}`),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
        const owners = (await t.dataSource.query(`SELECT 1 FROM org_members WHERE org_id = $1 AND role = 'OWNER'`, [team.orgId])) as unknown[];
        expect(owners).toHaveLength(1);
      }
    });

    it('answers 404 for a member of another org or a malformed id, 400 for a bad role, 404 to a non-member', async () => {
      const team = await insertOrgWithTeam(t);
      const foreign = await memberId(other.orgId, other.VIEWER.userId);
      expect((await as(team.OWNER).patch(`${membersPath(team.orgId)}/${foreign}`, { role: 'DEV' })).status).toBe(404);
      expect((await as(team.OWNER).patch(`${membersPath(team.orgId)}/not-a-uuid`, { role: 'DEV' })).status).toBe(404);
      expect(await roleOf(other.orgId, other.VIEWER.userId)).toBe('VIEWER');
      const viewerId = await memberId(team.orgId, team.VIEWER.userId);
      expect((await as(team.OWNER).patch(`${membersPath(team.orgId)}/${viewerId}`, { role: 'viewer' })).status).toBe(400);
      expect((await as(other.OWNER).patch(`${membersPath(team.orgId)}/${viewerId}`, { role: 'DEV' })).status).toBe(404);
      expect((await anon.patch(`${membersPath(team.orgId)}/${viewerId}`, { role: 'DEV' })).status).toBe(401);
    });
  });

  describe('DELETE /v1/dashboard/orgs/:orgId/members/:memberId', () => {
    it('lets an ADMIN remove a member (team.member_removed); the removed token gets 404 at once', async () => {
      const team = await insertOrgWithTeam(t);
      const devId = await memberId(team.orgId, team.DEV.userId);
      expect((await as(team.DEV).get(orgPath(team.orgId))).status).toBe(200);
      const res = await as(team.ADMIN).delete(`${membersPath(team.orgId)}/${devId}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ deleted: true });
      expect(await roleOf(team.orgId, team.DEV.userId)).toBeUndefined();
      expect((await as(team.DEV).get(orgPath(team.orgId))).status).toBe(404);
      const events = (await auditEvents(t, team.orgId)).filter((e) => e.type === 'team.member_removed');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actor_id: team.ADMIN.userId,
        data: { memberId: devId, userId: team.DEV.userId, email: team.DEV.email, role: 'DEV' },
      });
      expect((await as(team.ADMIN).delete(`${membersPath(team.orgId)}/${devId}`)).status).toBe(404);
    });

    it('answers 403 to a DEV and to an ADMIN removing an OWNER; 409 for the last OWNER', async () => {
      const team = await insertOrgWithTeam(t);
      const ownerId = await memberId(team.orgId, team.OWNER.userId);
      const viewerId = await memberId(team.orgId, team.VIEWER.userId);
      expect((await as(team.DEV).delete(`${membersPath(team.orgId)}/${viewerId}`)).status).toBe(403);
      expect((await as(team.ADMIN).delete(`${membersPath(team.orgId)}/${ownerId}`)).status).toBe(403);
      const last = await as(team.OWNER).delete(`${membersPath(team.orgId)}/${ownerId}`);
      expect(last.status).toBe(409);
      expect(last.body.error.code).toBe('CONFLICT');
      expect(await roleOf(team.orgId, team.OWNER.userId)).toBe('OWNER');
      expect((await auditEvents(t, team.orgId)).filter((e) => e.type === 'team.member_removed')).toHaveLength(0);
    });

    it('answers 404 across orgs and for a malformed id, 401 without a token', async () => {
      const team = await insertOrgWithTeam(t);
      const foreign = await memberId(other.orgId, other.DEV.userId);
      expect((await as(team.OWNER).delete(`${membersPath(team.orgId)}/${foreign}`)).status).toBe(404);
      expect((await as(team.OWNER).delete(`${membersPath(team.orgId)}/123`)).status).toBe(404);
      expect(await roleOf(other.orgId, other.DEV.userId)).toBe('DEV');
      const viewerId = await memberId(team.orgId, team.VIEWER.userId);
      expect((await as(other.OWNER).delete(`${membersPath(team.orgId)}/${viewerId}`)).status).toBe(404);
      expect((await anon.delete(`${membersPath(team.orgId)}/${viewerId}`)).status).toBe(401);
    });
  });

});
