import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { randomBytes } from 'node:crypto';
import { LockMisusedLicensesCommand } from '@geckoguard/expiration';
import { auditEvents, HttpClient, insertApiKey, insertLicense, insertOrgWithTeam, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { authorize } from './support/authorize-client.js';
import { licensing } from './support/licensing-client.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** API.md §10 misuse detection: the scan locks, locked answers Locked / LICENSE_LOCKED, unlock starts a fresh window. */
describe('misuse detection (MISUSE_SCAN_INTERVAL_SECONDS job)', () => {
  let t: TestApp;
  let orgId: string;
  let http: HttpClient;
  let admin: HttpClient;

  beforeAll(async () => {
    t = await startTestApp();
    const team = await insertOrgWithTeam(t);
    orgId = team.orgId;
    http = new HttpClient(t.baseUrl).bearer(team.DEV.token);
    admin = new HttpClient(t.baseUrl).bearer(team.ADMIN.token);
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await t.close();
  });

  const scan = () => t.app.get(CommandBus).execute(new LockMisusedLicensesCommand());
  const lockedEvents = async (licenseId: string) => (await auditEvents(t, orgId)).filter((e) => e.type === 'license.locked' && e.license_id === licenseId);
  const MISUSE = { limits: { misuse: { mode: 'lock', maxDistinctContexts: 2, windowHours: 24 } } };

  async function setup(policy: Record<string, unknown> = MISUSE, policyOverride: Record<string, unknown> | null = null) {
    const code = `APP_${randomBytes(4).toString('hex').toUpperCase()}`;
    const productId = await insertProduct(t, orgId, policy, code);
    const license = await insertLicense(t, orgId, productId, { policyOverride });
    const validate = (authContext: string) => licensing(t.baseUrl, 'validate', { licenseToken: license.key, productCodes: [code], authContext });
    const activate = (authContext: string) => licensing(t.baseUrl, 'activate', { licenseToken: license.key, productCodes: [code], authContext });
    return { code, productId, license, validate, activate };
  }

  it('locks a license that saw more than maxDistinctContexts contexts in the window, once, with lockReason and license.locked', async () => {
    t.clock.set(new Date('2031-01-10T10:00:00.000Z'));
    const { productId, license, validate, activate } = await setup();
    expect((await validate('ctx-1')).body.authStatus).toBe('Success');
    expect((await activate('ctx-2')).body.authStatus).toBe('Success');
    expect(await scan()).toEqual({ locked: 0 });

    expect((await validate('ctx-3')).body.authStatus).toBe('Success');
    // Two scans at once (two transactions, as two processes would run them): one lock, one event.
    const results = await Promise.all([scan(), scan(), scan()]);
    expect(results.reduce((n, r) => n + r.locked, 0)).toBe(1);
    expect(await scan()).toEqual({ locked: 0 });

    const [row] = (await t.dataSource.query(`SELECT locked_at, lock_reason FROM licenses WHERE id = $1`, [license.id])) as Array<{ locked_at: Date; lock_reason: string }>;
    expect(row!.locked_at.toISOString()).toBe('2031-01-10T10:00:00.000Z');
    expect(row!.lock_reason).toBe('Misuse detected: 3 distinct devices within 24 h (limit 2)');
    const events = await lockedEvents(license.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      product_id: productId,
      actor_type: 'system',
      actor_id: null,
      data: { lockReason: row!.lock_reason, distinctContexts: 3, maxDistinctContexts: 2, windowHours: 24, windowStart: '2031-01-09T10:00:00.000Z' },
    });

    // Locked: Locked here, LICENSE_LOCKED on authorize, LOCKED in the dashboard.
    for (const call of [validate, activate]) {
      expect((await call('ctx-1')).body).toMatchObject({ authStatus: 'Locked', reasonCode: 'LICENSE_LOCKED', session: null });
    }
    expect((await licensing(t.baseUrl, 'extend', { licenseToken: license.key, productCodes: ['X1'], authContext: 'ctx-2' })).body.authStatus).toBe('Failed');
    const apiKey = await insertApiKey(t, orgId, productId, ['license:authorize']);
    t.clock.reset(); // request signatures are checked against the server clock
    const auth = await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, hwid: 'ctx-1' });
    expect(auth.status).toBe(403);
    expect(auth.body.reasonCode).toBe('LICENSE_LOCKED');
    const view = await http.get(`/v1/dashboard/licenses/${license.id}`);
    expect(view.body.data.license).toMatchObject({ status: 'LOCKED', lockReason: row!.lock_reason });
  });

  it('unlock lifts the lock and starts a fresh window: contexts seen before it no longer count', async () => {
    t.clock.set(new Date('2031-02-01T08:00:00.000Z'));
    const { license, validate } = await setup();
    for (const ctx of ['a', 'b', 'c']) await validate(ctx);
    expect(await scan()).toEqual({ locked: 1 });

    t.clock.advance(5 * MINUTE);
    const unlocked = await http.post(`/v1/dashboard/licenses/${license.id}/unlock`);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.data.license.status).toBe('ACTIVE');
    const [row] = (await t.dataSource.query(`SELECT misuse_window_start FROM licenses WHERE id = $1`, [license.id])) as Array<{ misuse_window_start: Date }>;
    expect(row!.misuse_window_start.toISOString()).toBe('2031-02-01T08:05:00.000Z');
    // The three contexts of before are still within windowHours, but not within the fresh window.
    expect(await scan()).toEqual({ locked: 0 });

    t.clock.advance(5 * MINUTE);
    expect((await validate('a')).body.authStatus).toBe('Success'); // seen again after the unlock: counts
    expect((await validate('d')).body.authStatus).toBe('Success');
    expect(await scan()).toEqual({ locked: 0 });
    expect((await validate('e')).body.authStatus).toBe('Success');
    expect(await scan()).toEqual({ locked: 1 });
    expect((await lockedEvents(license.id)).map((e) => e.data.distinctContexts)).toEqual([3, 3]);
    expect((await auditEvents(t, orgId)).filter((e) => e.type === 'license.unlocked' && e.license_id === license.id)).toHaveLength(1);
  });

  it('only contexts seen within windowHours count; revoked (reset) bindings still count', async () => {
    t.clock.set(new Date('2031-03-01T00:00:00.000Z'));
    const { license, validate } = await setup();
    await validate('old-1');
    await validate('old-2');
    t.clock.advance(25 * HOUR);
    await validate('new-1');
    await validate('new-2');
    expect(await scan()).toEqual({ locked: 0 });

    // A reset revokes the bindings but does not erase what was seen.
    expect((await admin.post(`/v1/dashboard/licenses/${license.id}/reset-hwid`, { force: true })).status).toBe(200);
    await validate('new-3');
    expect(await scan()).toEqual({ locked: 1 });
    expect((await lockedEvents(license.id))[0]!.data.distinctContexts).toBe(3);
  });

  it('follows the effective policy: misuse off never locks; a license override can switch it on', async () => {
    // Later than every earlier test's bindings, so only this test's contexts are within any window.
    t.clock.set(new Date('2032-01-01T00:00:00.000Z'));
    const off = await setup({});
    for (const ctx of ['1', '2', '3', '4', '5']) await off.validate(ctx);
    const overridden = await setup({ limits: { misuse: { mode: 'off', maxDistinctContexts: 1, windowHours: 1 } } }, { limits: { misuse: { mode: 'lock' } } });
    await overridden.validate('1');
    await overridden.validate('2');
    expect(await scan()).toEqual({ locked: 1 });
    expect(await lockedEvents(off.license.id)).toEqual([]);
    expect(await lockedEvents(overridden.license.id)).toHaveLength(1);
    // Revoked licenses are left alone.
    const revoked = await setup({ limits: { misuse: { mode: 'lock', maxDistinctContexts: 1, windowHours: 1 } } });
    await revoked.validate('1');
    await revoked.validate('2');
    await t.dataSource.query(`UPDATE licenses SET revoked_at = now() WHERE id = $1`, [revoked.license.id]);
    expect(await scan()).toEqual({ locked: 0 });
  });
});
