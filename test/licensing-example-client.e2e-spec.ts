import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { auditEvents, insertLicense, insertOrg, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { licensing } from './support/licensing-client.js';
import { buildServer } from './support/server-process.js';

const seatHash = (authContext: string) => createHash('sha256').update(`licensing:${authContext}`).digest('hex');

/** A running examples/session-client.js with its output lines. */
class ClientProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(script: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    const collect = (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      this.lines.push(...parts.filter(Boolean));
    };
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    this.exited = new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  async waitFor(predicate: (lines: string[]) => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.lines)) {
      if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${this.lines.join('\n')}`);
      if (this.child.exitCode !== null) throw new Error(`client exited (${this.child.exitCode}); output:\n${this.lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** examples/session-client.ts, compiled by the server's own build, against a live server. */
describe('examples/session-client', () => {
  let t: TestApp;
  let script: string;
  let orgId: string;
  const clients: ClientProcess[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    orgId = await insertOrg(t);
    // buildServer compiles tsconfig.build.json (apps, libs and examples) and returns .../apps/api/src/main.js.
    script = resolve(dirname(buildServer('.data/test-build-licensing-example')), '../../../examples/session-client.js');
    if (!existsSync(script)) throw new Error(`the build produced no ${script}`);
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) c.kill();
    await t.close();
  });

  async function license(policy: Record<string, unknown> = {}) {
    const code = `APP_${randomBytes(4).toString('hex').toUpperCase()}`;
    const productId = await insertProduct(t, orgId, policy, code);
    return { code, ...(await insertLicense(t, orgId, productId)) };
  }

  function run(env: Record<string, string>): ClientProcess {
    const client = new ClientProcess(script, { GG_URL: t.baseUrl, ...env });
    clients.push(client);
    return client;
  }

  it('activates, extends on its timer, holds the seat, and deactivates on SIGINT', async () => {
    const lic = await license();
    const client = run({ GG_LICENSE_TOKEN: lic.key, GG_PRODUCT_CODES: `OTHER,${lic.code}`, GG_AUTH_CONTEXT: 'example-machine', GG_EXTEND_INTERVAL_SECONDS: '0.5' });
    await client.waitFor((lines) => lines.filter((l) => l.startsWith('extended until ')).length >= 2);
    expect(client.lines[0]).toMatch(/^activated until \d{4}-\d\d-\d\dT/);

    const [seat] = (await t.dataSource.query(`SELECT session_id_hash, ended_at FROM sessions WHERE license_id = $1`, [lic.id])) as Array<{
      session_id_hash: string;
      ended_at: Date | null;
    }>;
    expect(seat).toEqual({ session_id_hash: seatHash('example-machine'), ended_at: null });
    const other = await licensing(t.baseUrl, 'activate', { licenseToken: lic.key, productCodes: [lic.code], authContext: 'another-machine' });
    expect(other.body.reasonCode).toBe('CONCURRENCY_LIMIT_EXCEEDED');

    client.signal('SIGINT');
    expect(await client.exited).toBe(0);
    expect(client.lines[client.lines.length - 1]).toBe('deactivated');
    const [ended] = (await t.dataSource.query(`SELECT ended_at FROM sessions WHERE license_id = $1`, [lic.id])) as Array<{ ended_at: Date | null }>;
    expect(ended!.ended_at).not.toBeNull();

    const types = (await auditEvents(t, orgId)).filter((e) => e.license_id === lic.id).map((e) => e.type);
    expect(types.filter((e) => e === 'session.created')).toHaveLength(1);
    expect(types.filter((e) => e === 'session.ended')).toHaveLength(1);
    expect(types.filter((e) => e === 'license.authorized').length).toBeGreaterThanOrEqual(3);
    // The seat is free at once.
    const taken = await licensing(t.baseUrl, 'activate', { licenseToken: lic.key, productCodes: [lic.code], authContext: 'another-machine' });
    expect(taken.body.authStatus).toBe('Success');
  });

  it('exits 1 with the reason when the server refuses, and 2 without settings', async () => {
    const lic = await license();
    const refused = run({ GG_LICENSE_TOKEN: lic.key, GG_PRODUCT_CODES: 'NOT_THIS_ONE', GG_AUTH_CONTEXT: 'm' });
    expect(await refused.exited).toBe(1);
    expect(refused.lines.join('\n')).toContain('activate refused: Failed PRODUCT_MISMATCH');
    const unconfigured = run({});
    expect(await unconfigured.exited).toBe(2);
    expect(unconfigured.lines.join('\n')).toContain('GG_LICENSE_TOKEN and GG_PRODUCT_CODES are required');
  });
});
