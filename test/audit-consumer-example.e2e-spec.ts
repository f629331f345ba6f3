import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { HttpClient, insertOrgWithTeam, startTestApp, type TestApp } from '@geckoguard/testing';
import { buildServer } from './support/server-process.js';

type Team = Awaited<ReturnType<typeof insertOrgWithTeam>>;

/** A running examples/audit-consumer.js: its stdout lines (one event each) and its log lines. */
class ConsumerProcess {
  readonly events: Array<{ id: string; type: string }> = [];
  readonly log: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(script: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) if (line) this.events.push(JSON.parse(line));
    });
    this.child.stderr!.on('data', (chunk: Buffer) => this.log.push(...chunk.toString().split('\n').filter(Boolean)));
    this.exited = new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  ids(): string[] {
    return this.events.map((e) => e.id);
  }

  async waitFor(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; log:\n${this.log.join('\n')}`);
      if (this.child.exitCode !== null) throw new Error(`consumer exited (${this.child.exitCode}); log:\n${this.log.join('\n')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    this.child.kill(signal);
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** examples/audit-consumer.ts, compiled by the server's own build, against a live server. */
describe('examples/audit-consumer', () => {
  let t: TestApp;
  let team: Team;
  let script: string;
  let dir: string;
  const consumers: ConsumerProcess[] = [];

  async function insertEvents(types: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const type of types) {
      const [row] = (await t.dataSource.query(
        `INSERT INTO audit_events (type, org_id, actor_type, data, occurred_at) VALUES ($1, $2, 'system', '{}', now()) RETURNING id`,
        [type, team.orgId],
      )) as Array<{ id: string }>;
      ids.push(String(row!.id));
    }
    return ids;
  }

  function consumer(env: Record<string, string>): ConsumerProcess {
    const c = new ConsumerProcess(script, { GG_URL: t.baseUrl, GG_ORG_ID: team.orgId, GG_CURSOR_FILE: join(dir, 'audit.cursor'), ...env });
    consumers.push(c);
    return c;
  }

  beforeAll(async () => {
    // buildServer compiles tsconfig.build.json (apps, libs and examples) and returns .../apps/api/src/main.js.
    script = resolve(dirname(buildServer('.data/test-build-audit-consumer')), '../../../examples/audit-consumer.js');
    t = await startTestApp({ AUDIT_STREAM_POLL_MS: '100' });
    team = await insertOrgWithTeam(t);
    dir = mkdtempSync(join(tmpdir(), 'gg-audit-consumer-'));
  }, 180_000);
  afterAll(async () => {
    for (const c of consumers) c.kill();
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('follows the stream, keeps its cursor in a file, and after a restart resumes with no gap and no repeat', async () => {
    const backlog = await insertEvents(['license.created', 'license.authorized', 'license.revoked']);
    const first = consumer({ GG_TOKEN: team.VIEWER.token });
    await first.waitFor('the backlog', () => first.events.length === 3);
    const live = await insertEvents(['license.unrevoked', 'license.expired']);
    await first.waitFor('the live events', () => first.events.length === 5);
    expect(first.ids()).toEqual([...backlog, ...live]);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(readFileSync(join(dir, 'audit.cursor'), 'utf8')).toBe(live[1]);

    // Events while it is down...
    const missed = await insertEvents(['license.frozen', 'license.unfrozen', 'license.deleted']);
    const second = consumer({ GG_TOKEN: team.VIEWER.token });
    await second.waitFor('the missed events', () => second.events.length === 3);
    // ...and after it is back.
    const after = await insertEvents(['product.updated']);
    await second.waitFor('the next live event', () => second.events.length === 4);
    await new Promise((r) => setTimeout(r, 300));
    expect(second.ids()).toEqual([...missed, ...after]);
    expect(await second.stop('SIGINT')).toBe(0);

    const all = (await new HttpClient(t.baseUrl).bearer(team.VIEWER.token).get(`/v1/dashboard/orgs/${team.orgId}/audit-events?limit=1000`)).body.data.events as Array<{
      id: string;
    }>;
    expect([...first.ids(), ...second.ids()]).toEqual(all.map((e) => e.id));
    expect(second.events[0]).toEqual(all.find((e) => e.id === missed[0]));
  });

  it('renews a refused access token with the refresh token, and keeps the rotated one', async () => {
    // A real login, so there is a refresh token: register a user (signup is open in tests) in a new organization.
    const reg = await new HttpClient(t.baseUrl).post('/v1/auth/register', { email: `consumer-${Date.now()}@example.test`, password: 'a long passphrase', orgName: 'Consumers' });
    expect(reg.status).toBe(201);
    const { org, tokens } = reg.body.data as { org: { id: string }; tokens: { refreshToken: string } };
    const cursorFile = join(dir, 'renewing.cursor');
    const c = new ConsumerProcess(script, { GG_URL: t.baseUrl, GG_ORG_ID: org.id, GG_CURSOR_FILE: cursorFile, GG_TOKEN: 'expired.or.garbage', GG_REFRESH_TOKEN: tokens.refreshToken });
    consumers.push(c);
    await c.waitFor('the stream to open', () => c.log.some((l) => l.includes('following')));
    // Its own org's events so far (registration writes some, or none): any new one arrives.
    const [row] = (await t.dataSource.query(
      `INSERT INTO audit_events (type, org_id, actor_type, data, occurred_at) VALUES ('product.created', $1, 'system', '{}', now()) RETURNING id`,
      [org.id],
    )) as Array<{ id: string }>;
    await c.waitFor('the event', () => c.ids().includes(String(row!.id)));
    expect(await c.stop()).toBe(0);
    const rotated = readFileSync(`${cursorFile}.refresh`, 'utf8');
    expect(rotated).not.toBe(tokens.refreshToken);
    // The old refresh token was used up; the kept one is the live one.
    const again = await new HttpClient(t.baseUrl).post('/v1/auth/refresh', { refreshToken: rotated });
    expect(again.status).toBe(200);
  });

  it('refuses to run without an organization or credentials (exit 2)', async () => {
    const c = consumer({ GG_ORG_ID: '', GG_TOKEN: team.VIEWER.token });
    expect(await c.exited).toBe(2);
    const d = consumer({ GG_TOKEN: 'not-a-token' });
    expect(await d.exited).toBe(2);
    expect(d.log.join('\n')).toContain('401');
  });
});
