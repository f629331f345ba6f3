import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpClient, insertOrgWithTeam, startTestApp, type TestApp } from '@geckoguard/testing';
import pg from 'pg';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

/**
 * API.md §9: reading on from `nextCursor` never skips an event. Ids are taken at insert, but transactions
 * commit in another order; these tests hold transactions open while later ones commit.
 */
describe('audit cursor without gaps: transactions committing out of order', () => {
  let t: TestApp;
  let team: Team;
  let http: HttpClient;
  const clients: pg.Client[] = [];

  async function client(url = t.databaseUrl): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    clients.push(c);
    return c;
  }

  /** Inserts an event on `c` (inside whatever transaction it has open) and returns its id. */
  async function insert(c: pg.Client, type: string, orgId = team.orgId): Promise<string> {
    const res = await c.query(
      `INSERT INTO audit_events (type, org_id, actor_type, data, occurred_at) VALUES ($1, $2, 'system', '{}', now()) RETURNING id`,
      [type, orgId],
    );
    return String(res.rows[0].id);
  }

  /** Reads the cursor API from `after` until an empty page; returns the ids and the cursor to continue from. */
  async function readFrom(after: string, limit = 3): Promise<{ ids: string[]; cursor: string }> {
    const ids: string[] = [];
    let cursor = after;
    for (;;) {
      const res = await http.get(`/v1/dashboard/orgs/${team.orgId}/audit-events?after=${cursor}&limit=${limit}`);
      expect(res.status).toBe(200);
      const { events, nextCursor } = res.body.data as { events: Array<{ id: string }>; nextCursor: string };
      if (events.length === 0) return { ids, cursor: nextCursor };
      ids.push(...events.map((e) => e.id));
      cursor = nextCursor;
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    team = await insertOrgWithTeam(t);
    http = new HttpClient(t.baseUrl).bearer(team.VIEWER.token);
  });
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    await t.close();
  });

  it('does not pass an event whose transaction is still open; once it commits, nothing was skipped', async () => {
    const { cursor: start } = await readFrom('0');
    const held = await client();
    const other = await client();
    await held.query('BEGIN');
    const heldId = await insert(held, 'license.updated');
    // Later events commit in their own transactions while the first one stays open.
    const later = [await insert(other, 'license.created'), await insert(other, 'license.revoked'), await insert(other, 'license.created')];
    for (const id of later) expect(BigInt(id)).toBeGreaterThan(BigInt(heldId));
    const committed = (await t.dataSource.query(`SELECT id FROM audit_events WHERE org_id = $1 AND id > $2`, [team.orgId, start])) as unknown[];
    expect(committed).toHaveLength(3);

    // The cursor stays behind the open transaction, however often it is read.
    for (let i = 0; i < 3; i++) {
      const { ids, cursor } = await readFrom(start);
      expect(ids).toEqual([]);
      expect(cursor).toBe(start);
      await new Promise((r) => setTimeout(r, 50));
    }

    await held.query('COMMIT');
    const { ids } = await readFrom(start);
    expect(ids).toEqual([heldId, ...later]);
  });

  it('an older transaction that writes its event last is served first, not skipped', async () => {
    const { cursor: start } = await readFrom('0');
    const old = await client();
    const young = await client();
    // The old transaction starts writing first (the hot path locks the license row before it appends)...
    await old.query('BEGIN');
    await old.query('SELECT pg_current_xact_id()');
    // ...a younger one appends and commits...
    const youngId = await insert(young, 'license.authorized');
    // ...and a reader going by ids alone would already be past whatever the old one appends now.
    const naive = (await t.dataSource.query(`SELECT max(id)::text AS id FROM audit_events WHERE org_id = $1`, [team.orgId])) as Array<{ id: string }>;
    expect(naive[0]!.id).toBe(youngId);
    expect((await readFrom(start)).ids).toEqual([]);

    const oldId = await insert(old, 'license.revoked');
    await old.query('COMMIT');
    expect(BigInt(oldId)).toBeLessThan(BigInt(naive[0]!.id));
    const { ids } = await readFrom(start);
    expect(ids).toEqual([oldId, youngId]);
  });

  it('a rolled-back transaction holds the cursor only while it is open', async () => {
    const { cursor: start } = await readFrom('0');
    const doomed = await client();
    const other = await client();
    await doomed.query('BEGIN');
    await insert(doomed, 'license.updated');
    const after = await insert(other, 'license.created');
    expect((await readFrom(start)).ids).toEqual([]);
    await doomed.query('ROLLBACK');
    expect((await readFrom(start)).ids).toEqual([after]);
  });

  it('an open transaction in another database of the same server does not hold this stream back', async () => {
    const { cursor: start } = await readFrom('0');
    const elsewhere = await client(process.env.GG_TEST_ADMIN_URL);
    await elsewhere.query('BEGIN');
    await elsewhere.query('SELECT pg_current_xact_id()');
    try {
      const ours = await client();
      const id = await insert(ours, 'license.created');
      expect((await readFrom(start)).ids).toEqual([id]);
    } finally {
      await elsewhere.query('ROLLBACK');
    }
  });

  it('with concurrent writers committing in random order, a reader polling all along sees every event exactly once, ascending', async () => {
    const { cursor: start } = await readFrom('0');
    const writers = await Promise.all(Array.from({ length: 5 }, () => client()));
    const pause = (max: number) => new Promise((r) => setTimeout(r, Math.floor(Math.random() * max)));
    let writing = true;

    const seen: string[] = [];
    const reader = (async () => {
      let cursor = start;
      for (;;) {
        const stillWriting = writing;
        const { ids, cursor: next } = await readFrom(cursor, 4);
        seen.push(...ids);
        cursor = next;
        if (!stillWriting) return;
        await pause(15);
      }
    })();

    await Promise.all(
      writers.map(async (c, w) => {
        for (let round = 0; round < 12; round++) {
          await c.query('BEGIN');
          if (round % 2 === 0) await c.query('SELECT pg_current_xact_id()');
          await pause(20);
          const n = 1 + ((round + w) % 3);
          for (let i = 0; i < n; i++) {
            await insert(c, `license.w${w}`);
            await pause(10);
          }
          await c.query((round + w) % 7 === 3 ? 'ROLLBACK' : 'COMMIT');
        }
      }),
    );
    writing = false;
    await reader;

    const committed = ((await t.dataSource.query(`SELECT id::text FROM audit_events WHERE org_id = $1 AND id > $2 ORDER BY id`, [team.orgId, start])) as Array<{ id: string }>).map(
      (r) => r.id,
    );
    expect(committed.length).toBeGreaterThan(50);
    expect(seen).toEqual(committed);
    for (let i = 1; i < seen.length; i++) expect(BigInt(seen[i]!)).toBeGreaterThan(BigInt(seen[i - 1]!));
  });

  it('ids carry their transaction: one transaction’s events are consecutive, in insertion order', async () => {
    const c = await client();
    await c.query('BEGIN');
    const ids = [await insert(c, 'a.one'), await insert(c, 'a.two')];
    const batch = await c.query(
      `INSERT INTO audit_events (type, org_id, actor_type, data, occurred_at) SELECT 'a.batch', $1, 'system', '{}', now() FROM generate_series(1, 3) RETURNING id`,
      [team.orgId],
    );
    ids.push(...batch.rows.map((r: { id: string }) => String(r.id)));
    const xid = String((await c.query('SELECT pg_current_xact_id()::text AS x')).rows[0].x);
    await c.query('COMMIT');
    const base = BigInt(xid) << 20n;
    expect(ids.map((id) => BigInt(id) - base)).toEqual([0n, 1n, 2n, 3n, 4n]);
  });
});
