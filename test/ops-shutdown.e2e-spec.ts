import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { createTestDatabase } from '@geckoguard/testing';
import pg from 'pg';
import { buildServer, startServerProcess, type ServerProcess } from './support/server-process.js';

// The JWT secret startServerProcess gives the server.
const JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('graceful shutdown (API.md §11)', () => {
  let db: { url: string; drop(): Promise<void> };
  let main: string;
  let sql: pg.Client;
  let server: ServerProcess | null = null;

  beforeAll(async () => {
    main = buildServer('.data/test-build-ops-shutdown');
    db = await createTestDatabase();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  }, 180_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await sql?.end();
    await db?.drop();
  });

  it('SIGTERM lets an in-flight request finish with 200, then the process exits 0', async () => {
    const user = (await sql.query(`INSERT INTO users (email, password_hash) VALUES ('shutdown@example.test', 'no-login') RETURNING id`)).rows[0].id as string;
    const orgId = (await sql.query(`INSERT INTO orgs (name) VALUES ('Shutdown') RETURNING id`)).rows[0].id as string;
    await sql.query(`INSERT INTO org_members (org_id, user_id, role) VALUES ($1, $2, 'VIEWER')`, [orgId, user]);
    const token = new JwtService({ secret: JWT_SECRET }).sign({ sub: user, typ: 'access' }, { expiresIn: 900, algorithm: 'HS256' });

    server = await startServerProcess(main, db.url);
    const exited = new Promise<number | null>((done) => server!.child.once('exit', (code) => done(code)));

    // Hold the request inside the server: its read of audit_events waits for this lock.
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE');
      const inFlight = fetch(`${server.baseUrl}/v1/dashboard/orgs/${orgId}/audit-events`, { headers: { authorization: `Bearer ${token}` } });
      await until('the request to wait for the lock', async () => {
        const waiting = await sql.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%audit_events%'`,
        );
        return waiting.rows[0].n > 0;
      });

      server.child.kill('SIGTERM');
      // The process stays up while the request is still being served.
      await new Promise((r) => setTimeout(r, 500));
      expect(server.child.exitCode).toBeNull();

      await locker.query('COMMIT');
      const res = await inFlight;
      expect(res.status).toBe(200);
      // Told to let go of its keep-alive connection, which would otherwise hold the server open.
      expect(res.headers.get('connection')).toBe('close');
      expect(await res.json()).toEqual({ ok: true, data: { events: [], nextCursor: '0' } });
    } finally {
      await locker.end();
    }
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 15_000)))]);
    clearTimeout(timer);
    expect(code).toBe(0);
  }, 60_000);
});
