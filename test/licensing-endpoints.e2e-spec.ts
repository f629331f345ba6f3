import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { auditEvents, HttpClient, insertApiKey, insertLicense, insertOrgWithTeam, insertProduct, startTestApp, type LicenseFields, type TestApp } from '@geckoguard/testing';
import { authorize, signedPost } from './support/authorize-client.js';
import { licensing, type LicensingEndpoint } from './support/licensing-client.js';

const sha = (v: string) => createHash('sha256').update(v).digest('hex');
const seatHash = (authContext: string) => sha(`licensing:${authContext}`);
const SECOND = 1000;
const DAY = 86_400_000;

/** API.md §10 over HTTP: every endpoint and outcome, on the one decision engine authorize uses. */
describe('/licensing/* (API.md §10)', () => {
  let t: TestApp;
  let orgId: string;
  let dev: string;

  beforeAll(async () => {
    t = await startTestApp();
    const team = await insertOrgWithTeam(t);
    orgId = team.orgId;
    dev = team.DEV.token;
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await t.close();
  });

  /** A product with a fresh code and policy, one license on it, and a caller bound to its token. */
  async function setup(policy: Record<string, unknown> = {}, fields: LicenseFields = {}) {
    const code = `APP_${randomBytes(4).toString('hex').toUpperCase()}`;
    const productId = await insertProduct(t, orgId, policy, code);
    const license = await insertLicense(t, orgId, productId, fields);
    const call = (endpoint: LicensingEndpoint, body: Record<string, unknown> = {}, headers?: Record<string, string>) =>
      licensing(t.baseUrl, endpoint, { licenseToken: license.key, ...(endpoint === 'deactivate' ? {} : { productCodes: [code] }), ...body }, headers);
    return { code, productId, license, call };
  }

  const eventsOf = async (licenseId: string, type?: string) =>
    (await auditEvents(t, orgId)).filter((e) => e.license_id === licenseId && (!type || e.type === type));
  const sessionsOf = async (licenseId: string) =>
    (await t.dataSource.query(
      `SELECT id, session_id_hash, hwid_hash, device_id, last_seen_at, expires_at, revoked_at, ended_at FROM sessions WHERE license_id = $1 ORDER BY created_at, id`,
      [licenseId],
    )) as Array<{ id: string; session_id_hash: string; hwid_hash: string; device_id: string | null; last_seen_at: Date; expires_at: Date; revoked_at: Date | null; ended_at: Date | null }>;
  const pin = () => {
    const now = new Date(Math.floor(Date.now() / SECOND) * SECOND);
    t.clock.set(now);
    return now;
  };

  describe('validate', () => {
    it('Success with the license fields; records the bindings and activatedAt, starts no session', async () => {
      const now = pin();
      const { code, license, call } = await setup({}, { expirationMode: 'afterActivation', expiresAfterDays: 30, isTrial: true });
      await t.dataSource.query(
        `UPDATE licenses SET contact_first_name = 'Ada', contact_last_name = 'Lovelace', contact_email = 'ada@example.test', company_name = 'Analytical Ltd' WHERE id = $1`,
        [license.id],
      );
      const res = await call('validate', { authContext: 'machine-1' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        authStatus: 'Success',
        reasonCode: 'ALLOW',
        message: expect.any(String),
        productCode: code,
        isTrial: true,
        contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.test' },
        companyName: 'Analytical Ltd',
        expiresAt: new Date(now.getTime() + 30 * DAY).toISOString(),
        session: null,
      });

      const [row] = (await t.dataSource.query('SELECT activated_at FROM licenses WHERE id = $1', [license.id])) as Array<{ activated_at: Date }>;
      expect(row!.activated_at.toISOString()).toBe(now.toISOString());
      const bindings = (await t.dataSource.query('SELECT type, value_hash FROM bindings WHERE license_id = $1 ORDER BY type', [license.id])) as unknown[];
      expect(bindings).toEqual([
        { type: 'HWID', value_hash: sha('machine-1') },
        { type: 'IP', value_hash: sha('127.0.0.1') },
      ]);
      expect(await sessionsOf(license.id)).toEqual([]);

      const events = await eventsOf(license.id);
      expect(events.map((e) => e.type).sort()).toEqual(['binding.created', 'binding.created', 'license.authorized']);
      for (const e of events) {
        expect(e.data.protocol).toBe('licensing');
        expect(e.actor_type).toBe('client');
        expect(e.actor_id).toBeNull();
      }
      expect(events.find((e) => e.type === 'license.authorized')!.data).toMatchObject({ wasActivated: true, action: 'validate', sessionId: null });

      // Again: nothing new is bound, activation is not repeated.
      const again = await call('validate', { authContext: 'machine-1' });
      expect(again.body.authStatus).toBe('Success');
      expect(again.body.expiresAt).toBe(res.body.expiresAt);
      expect((await eventsOf(license.id, 'binding.created')).length).toBe(2);
      expect((await eventsOf(license.id, 'license.authorized')).map((e) => e.data.wasActivated)).toEqual([true, false]);
    });

    it('productCodes and authContext are optional; the token is normalized like any license key', async () => {
      const { license } = await setup();
      const bare = await licensing(t.baseUrl, 'validate', { licenseToken: license.key });
      expect(bare.body).toMatchObject({ authStatus: 'Success', reasonCode: 'ALLOW' });
      const spelled = await licensing(t.baseUrl, 'validate', { licenseToken: ` ${license.key.toLowerCase().slice(0, 7)} ${license.key.toLowerCase().slice(7)} ` });
      expect(spelled.body.authStatus).toBe('Success');
    });

    it('validate ignores the seat pool: it succeeds while another context holds the only seat', async () => {
      const { call } = await setup();
      expect((await call('activate', { authContext: 'holder' })).body.authStatus).toBe('Success');
      expect((await call('validate', { authContext: 'someone-else' })).body).toMatchObject({ authStatus: 'Success', session: null });
      expect((await call('activate', { authContext: 'someone-else' })).body.reasonCode).toBe('CONCURRENCY_LIMIT_EXCEEDED');
    });
  });

  describe('refusals', () => {
    it('LICENSE_NOT_FOUND: Failed, every license field null, nothing recorded (no organization to record it for)', async () => {
      const before = ((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events`)) as Array<{ n: number }>)[0]!.n;
      for (const endpoint of ['validate', 'activate', 'extend'] as const) {
        const res = await licensing(t.baseUrl, endpoint, { licenseToken: 'NO-SUCH-TOKEN-123', productCodes: ['X1'], authContext: 'a' });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          authStatus: 'Failed',
          reasonCode: 'LICENSE_NOT_FOUND',
          message: expect.any(String),
          productCode: null,
          isTrial: null,
          contact: null,
          companyName: null,
          expiresAt: null,
          session: null,
        });
      }
      const after = ((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events`)) as Array<{ n: number }>)[0]!.n;
      expect(after).toBe(before);
    });

    it('PRODUCT_MISMATCH when the license product code is not among productCodes (exact match)', async () => {
      const { code, license, call } = await setup();
      for (const endpoint of ['validate', 'activate', 'extend'] as const) {
        const res = await call(endpoint, { productCodes: ['OTHER_CODE', code.toLowerCase()], authContext: 'a' });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ authStatus: 'Failed', reasonCode: 'PRODUCT_MISMATCH', productCode: code, session: null });
      }
      const denied = await eventsOf(license.id, 'license.authorization_denied');
      expect(denied.map((e) => [e.data.reasonCode, e.data.action, e.data.protocol])).toEqual([
        ['PRODUCT_MISMATCH', 'validate', 'licensing'],
        ['PRODUCT_MISMATCH', 'activate', 'licensing'],
        ['PRODUCT_MISMATCH', 'extend', 'licensing'],
      ]);
      expect(denied.every((e) => e.actor_type === 'client' && e.actor_id === null)).toBe(true);
      expect(await t.dataSource.query('SELECT 1 FROM bindings WHERE license_id = $1', [license.id])).toEqual([]);
      expect(await sessionsOf(license.id)).toEqual([]);
    });

    it.each([
      ['LICENSE_REVOKED', 'Failed', { revokedAt: new Date(), lockedAt: new Date() }],
      ['LICENSE_LOCKED', 'Locked', { lockedAt: new Date() }],
      ['LICENSE_EXPIRED', 'Failed', { expirationMode: 'fixed' as const, expiresAt: new Date(Date.now() - 1000) }],
      ['LICENSE_EXPIRED_RELATIVE', 'Failed', { expirationMode: 'afterActivation' as const, expiresAfterDays: 1, activatedAt: new Date(Date.now() - 2 * DAY) }],
    ])('%s answers %s on validate, activate and extend, and changes nothing', async (code, authStatus, fields) => {
      const { license, call } = await setup({}, fields);
      for (const endpoint of ['validate', 'activate', 'extend'] as const) {
        const res = await call(endpoint, { authContext: 'a' });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ authStatus, reasonCode: code, session: null });
      }
      expect((await eventsOf(license.id, 'license.authorization_denied')).map((e) => e.data.reasonCode)).toEqual([code, code, code]);
      expect(await t.dataSource.query('SELECT 1 FROM bindings WHERE license_id = $1', [license.id])).toEqual([]);
    });

    it('HWID rules apply to the authContext: HWID_REQUIRED, HWID_MISMATCH (sticky), HWID_LIMIT_EXCEEDED (limit)', async () => {
      const sticky = await setup({ limits: { hwid: { mode: 'sticky' } } });
      expect((await sticky.call('validate')).body).toMatchObject({ authStatus: 'Failed', reasonCode: 'HWID_REQUIRED' });
      expect((await sticky.call('activate')).body.reasonCode).toBe('HWID_REQUIRED');
      expect((await sticky.call('validate', { authContext: 'one' })).body.authStatus).toBe('Success');
      expect((await sticky.call('validate', { authContext: 'two' })).body.reasonCode).toBe('HWID_MISMATCH');
      expect((await sticky.call('activate', { authContext: 'two' })).body.reasonCode).toBe('HWID_MISMATCH');

      const limited = await setup({ limits: { hwid: { mode: 'limit', maxDistinct: 2 } } });
      expect((await limited.call('validate', { authContext: 'one' })).body.authStatus).toBe('Success');
      expect((await limited.call('validate', { authContext: 'two' })).body.authStatus).toBe('Success');
      expect((await limited.call('validate', { authContext: 'three' })).body.reasonCode).toBe('HWID_LIMIT_EXCEEDED');
      expect((await limited.call('activate', { authContext: 'one' })).body.authStatus).toBe('Success');
      const bindings = (await t.dataSource.query(`SELECT value_hash FROM bindings WHERE license_id = $1 AND type = 'HWID' ORDER BY first_seen_at`, [
        limited.license.id,
      ])) as Array<{ value_hash: string }>;
      expect(bindings.map((b) => b.value_hash).sort()).toEqual([sha('one'), sha('two')].sort());
    });

    it('HWID_BLACKLISTED (the authContext) and IP_BLACKLISTED (the caller), with the entry reason as message', async () => {
      const { productId, call } = await setup();
      await t.dataSource.query(
        `INSERT INTO blacklist_entries (org_id, product_id, type, value, value_hash, network, reason, created_at, updated_at)
         VALUES ($1, $2, 'HWID', 'stolen-box', $3, NULL, 'chargeback', now(), now())`,
        [orgId, productId, sha('stolen-box')],
      );
      expect((await call('activate', { authContext: 'stolen-box' })).body).toMatchObject({ authStatus: 'Failed', reasonCode: 'HWID_BLACKLISTED', message: 'chargeback' });
      expect((await call('validate', { authContext: 'fine-box' })).body.authStatus).toBe('Success');
      await t.dataSource.query(
        `INSERT INTO blacklist_entries (org_id, product_id, type, value, value_hash, network, reason, created_at, updated_at)
         VALUES ($1, $2, 'IP', '127.0.0.0/8', $3, '127.0.0.0/8', 'loopback abuse', now(), now())`,
        [orgId, productId, sha('127.0.0.0/8')],
      );
      expect((await call('validate', { authContext: 'fine-box' })).body).toMatchObject({ reasonCode: 'IP_BLACKLISTED', message: 'loopback abuse' });
    });
  });

  describe('activate, extend, deactivate', () => {
    it('activate takes the one seat for sessionTtlSeconds (600 s by default); another context is refused; the holder refreshes', async () => {
      const now = pin();
      const { license, call } = await setup();
      const first = await call('activate', { authContext: 'ctx-a' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ authStatus: 'Success', reasonCode: 'ALLOW', session: { expiresAt: new Date(now.getTime() + 600 * SECOND).toISOString() } });

      const [seat] = await sessionsOf(license.id);
      expect(seat).toMatchObject({ session_id_hash: seatHash('ctx-a'), hwid_hash: sha('ctx-a'), device_id: null, revoked_at: null, ended_at: null });
      expect(seat!.expires_at.toISOString()).toBe(first.body.session.expiresAt);

      const other = await call('activate', { authContext: 'ctx-b' });
      expect(other.body).toMatchObject({ authStatus: 'Failed', reasonCode: 'CONCURRENCY_LIMIT_EXCEEDED', session: null });

      t.clock.advance(100 * SECOND);
      const refreshed = await call('activate', { authContext: 'ctx-a' });
      expect(refreshed.body.session.expiresAt).toBe(new Date(now.getTime() + 700 * SECOND).toISOString());
      const seats = await sessionsOf(license.id);
      expect(seats).toHaveLength(1);
      expect(seats[0]!.expires_at.toISOString()).toBe(refreshed.body.session.expiresAt);

      const created = await eventsOf(license.id, 'session.created');
      expect(created).toHaveLength(1);
      expect(created[0]!.data).toMatchObject({ sessionId: seat!.id, protocol: 'licensing', action: 'activate' });
      expect((await eventsOf(license.id, 'license.authorized')).map((e) => e.data.sessionId)).toEqual([seat!.id, seat!.id]);
      expect((await eventsOf(license.id, 'license.authorization_denied')).map((e) => e.data.reasonCode)).toEqual(['CONCURRENCY_LIMIT_EXCEEDED']);
    });

    it('a lapsed seat frees itself (injected clock, no sleeping)', async () => {
      const now = pin();
      const { license, call } = await setup({ limits: { concurrency: { sessionTtlSeconds: 120 } } });
      expect((await call('activate', { authContext: 'ctx-a' })).body.session.expiresAt).toBe(new Date(now.getTime() + 120 * SECOND).toISOString());
      t.clock.advance(119 * SECOND);
      expect((await call('activate', { authContext: 'ctx-b' })).body.reasonCode).toBe('CONCURRENCY_LIMIT_EXCEEDED');
      t.clock.advance(1 * SECOND);
      const taken = await call('activate', { authContext: 'ctx-b' });
      expect(taken.body).toMatchObject({ authStatus: 'Success', session: { expiresAt: new Date(now.getTime() + 240 * SECOND).toISOString() } });
      // The lapsed holder cannot extend, and cannot take the seat back while ctx-b holds it.
      expect((await call('extend', { authContext: 'ctx-a' })).body).toMatchObject({ authStatus: 'Failed', reasonCode: 'NO_ACTIVE_SESSION' });
      expect((await call('activate', { authContext: 'ctx-a' })).body.reasonCode).toBe('CONCURRENCY_LIMIT_EXCEEDED');
      expect((await sessionsOf(license.id)).map((s) => s.session_id_hash)).toEqual([seatHash('ctx-a'), seatHash('ctx-b')]);
    });

    it('extend moves the seat to now + TTL for the holder only; lapsed, deactivated, revoked or missing seats are NO_ACTIVE_SESSION', async () => {
      const now = pin();
      const { license, call } = await setup();
      expect((await call('extend', { authContext: 'ctx-a' })).body.reasonCode).toBe('NO_ACTIVE_SESSION');
      await call('activate', { authContext: 'ctx-a' });
      t.clock.advance(500 * SECOND);
      const extended = await call('extend', { authContext: 'ctx-a' });
      expect(extended.body).toMatchObject({ authStatus: 'Success', reasonCode: 'ALLOW', session: { expiresAt: new Date(now.getTime() + 1100 * SECOND).toISOString() } });
      // 1000 s after activation the seat is still held thanks to the extension...
      t.clock.advance(500 * SECOND);
      expect((await call('activate', { authContext: 'ctx-b' })).body.reasonCode).toBe('CONCURRENCY_LIMIT_EXCEEDED');
      expect((await call('extend', { authContext: 'ctx-b' })).body.reasonCode).toBe('NO_ACTIVE_SESSION');
      expect((await call('extend')).body.reasonCode).toBe('NO_ACTIVE_SESSION');
      // ...and lapses 600 s after the extension.
      t.clock.advance(100 * SECOND);
      expect((await call('extend', { authContext: 'ctx-a' })).body.reasonCode).toBe('NO_ACTIVE_SESSION');

      // Deactivated: NO_ACTIVE_SESSION.
      expect((await call('activate', { authContext: 'ctx-a' })).body.authStatus).toBe('Success');
      expect((await call('deactivate', { authContext: 'ctx-a' })).status).toBe(204);
      expect((await call('extend', { authContext: 'ctx-a' })).body.reasonCode).toBe('NO_ACTIVE_SESSION');

      // Revoked from the dashboard: NO_ACTIVE_SESSION; activating again starts a new seat.
      const started = await call('activate', { authContext: 'ctx-a' });
      expect(started.body.authStatus).toBe('Success');
      const open = (await sessionsOf(license.id)).find((s) => s.ended_at === null)!;
      const http = new HttpClient(t.baseUrl).bearer(dev);
      expect((await http.post(`/v1/dashboard/licenses/${license.id}/sessions/${open.id}/revoke`)).status).toBe(200);
      expect((await call('extend', { authContext: 'ctx-a' })).body.reasonCode).toBe('NO_ACTIVE_SESSION');
      const again = await call('activate', { authContext: 'ctx-a' });
      expect(again.body.authStatus).toBe('Success');
      const seats = await sessionsOf(license.id);
      const revoked = seats.find((s) => s.id === open.id)!;
      expect(revoked.revoked_at).not.toBeNull();
      expect(revoked.ended_at).not.toBeNull();
      const current = seats.filter((s) => s.ended_at === null);
      expect(current).toHaveLength(1);
      expect(current[0]!.id).not.toBe(open.id);
      expect(current[0]!.revoked_at).toBeNull();
      // Activating again refreshes the new seat and leaves the revoked one as it ended.
      expect((await call('activate', { authContext: 'ctx-a' })).body.authStatus).toBe('Success');
      const later = await sessionsOf(license.id);
      expect(later.find((s) => s.id === open.id)!.ended_at).toEqual(revoked.ended_at);
      expect(later.filter((s) => s.ended_at === null).map((s) => s.id)).toEqual([current[0]!.id]);

      const denied = await eventsOf(license.id, 'license.authorization_denied');
      expect(new Set(denied.map((e) => e.data.reasonCode))).toEqual(new Set(['NO_ACTIVE_SESSION', 'CONCURRENCY_LIMIT_EXCEEDED']));
      expect(denied.filter((e) => e.data.reasonCode === 'NO_ACTIVE_SESSION').every((e) => e.data.action === 'extend')).toBe(true);
    });

    it('activate without an authContext cannot hold a seat: SESSION_REQUIRED', async () => {
      const { call } = await setup();
      expect((await call('activate')).body).toMatchObject({ authStatus: 'Failed', reasonCode: 'SESSION_REQUIRED' });
    });

    it('deactivate frees the seat at once, is idempotent (204), and writes one session.ended', async () => {
      const { license, call } = await setup();
      await call('activate', { authContext: 'ctx-a' });
      const first = await call('deactivate', { authContext: 'ctx-a' });
      expect(first.status).toBe(204);
      expect(first.body).toBeUndefined();
      expect((await call('activate', { authContext: 'ctx-b' })).body.authStatus).toBe('Success');
      expect((await call('deactivate', { authContext: 'ctx-a' })).status).toBe(204);
      expect((await call('deactivate', { authContext: 'never-seen' })).status).toBe(204);
      expect((await licensing(t.baseUrl, 'deactivate', { licenseToken: 'NO-SUCH-TOKEN-1', authContext: 'x' })).status).toBe(204);
      // Clients that send one body everywhere may include productCodes.
      expect((await call('deactivate', { authContext: 'ctx-b', productCodes: ['WHATEVER'] })).status).toBe(204);

      const ended = await eventsOf(license.id, 'session.ended');
      expect(ended).toHaveLength(2);
      const seats = await sessionsOf(license.id);
      expect(ended.map((e) => e.data.sessionId).sort()).toEqual(seats.map((s) => s.id).sort());
      for (const e of ended) {
        expect(e.data.protocol).toBe('licensing');
        expect(e.actor_type).toBe('client');
      }
      expect(seats.every((s) => s.ended_at !== null)).toBe(true);
    });

    it('maxActive seats when the policy limits concurrency', async () => {
      const { call } = await setup({ limits: { concurrency: { mode: 'limit', maxActive: 2 } } });
      expect((await call('activate', { authContext: 'a' })).body.authStatus).toBe('Success');
      expect((await call('activate', { authContext: 'b' })).body.authStatus).toBe('Success');
      expect((await call('activate', { authContext: 'c' })).body.reasonCode).toBe('CONCURRENCY_LIMIT_EXCEEDED');
      await call('deactivate', { authContext: 'a' });
      expect((await call('activate', { authContext: 'c' })).body.authStatus).toBe('Success');
    });
  });

  describe('one seat pool shared with POST /v1/licenses/authorize', () => {
    it('default policy: an active authorize session holds the only licensing seat; authorize itself stays unlimited', async () => {
      const { productId, license, call } = await setup();
      const apiKey = await insertApiKey(t, orgId, productId, ['license:authorize']);
      expect((await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, sessionId: 'app-session' })).status).toBe(200);
      expect((await call('activate', { authContext: 'ctx-a' })).body.reasonCode).toBe('CONCURRENCY_LIMIT_EXCEEDED');
      // Ending the authorize session frees the pool for a licensing seat.
      expect((await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, sessionId: 'app-session' })).status).toBe(200);
      const end = await signedPost(t.baseUrl, apiKey.key, '/v1/licenses/sessions/end', { productId, licenseKey: license.key, sessionId: 'app-session' });
      expect(end.status).toBe(204);
      expect((await call('activate', { authContext: 'ctx-a' })).body.authStatus).toBe('Success');
      // With the default (unlimited) concurrency, authorize admits more sessions beside the seat.
      expect((await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, sessionId: 'second' })).status).toBe(200);
    });

    it('concurrency limit: a licensing seat counts against authorize, and an authorize session against activate', async () => {
      const { productId, license, call } = await setup({ limits: { concurrency: { mode: 'limit', maxActive: 1 } } });
      const apiKey = await insertApiKey(t, orgId, productId, ['license:authorize']);
      expect((await call('activate', { authContext: 'ctx-a' })).body.authStatus).toBe('Success');
      const refused = await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, sessionId: 'app' });
      expect(refused.status).toBe(403);
      expect(refused.body.reasonCode).toBe('CONCURRENCY_LIMIT_EXCEEDED');
      await call('deactivate', { authContext: 'ctx-a' });
      expect((await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, sessionId: 'app' })).status).toBe(200);
      expect((await call('activate', { authContext: 'ctx-a' })).body.reasonCode).toBe('CONCURRENCY_LIMIT_EXCEEDED');
      // Both kinds of session in the one table.
      const rows = (await t.dataSource.query(`SELECT session_id_hash FROM sessions WHERE license_id = $1 ORDER BY created_at`, [license.id])) as Array<{
        session_id_hash: string;
      }>;
      expect(rows.map((r) => r.session_id_hash)).toEqual([seatHash('ctx-a'), sha('app')]);
    });

    it('a license activated by /licensing/validate is activated for authorize too', async () => {
      const { productId, license, call } = await setup({}, { expirationMode: 'afterActivation', expiresAfterDays: 10 });
      const apiKey = await insertApiKey(t, orgId, productId, ['license:authorize']);
      const validated = await call('validate', { authContext: 'ctx' });
      const authorized = await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key });
      expect(authorized.body.effectiveExpiresAt).toBe(validated.body.expiresAt);
      expect((await eventsOf(license.id, 'license.authorized')).map((e) => e.data.wasActivated)).toEqual([true, false]);
    });
  });

  describe('bad requests', () => {
    it.each(['validate', 'activate', 'extend', 'deactivate'] as const)('%s without a license token: 400 { error } (not the envelope)', async (endpoint) => {
      for (const body of [{ productCodes: ['X1'], authContext: 'a' }, { licenseToken: null, authContext: 'a' }, { licenseToken: '  ', authContext: 'a' }, {}]) {
        const res = await licensing(t.baseUrl, endpoint, body);
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ error: 'license token field is required.' });
      }
    });

    it('other invalid input is 400 VALIDATION_ERROR in the §1 envelope', async () => {
      const { license } = await setup();
      const cases: Array<[LicensingEndpoint, unknown, string]> = [
        ['validate', { licenseToken: 42 }, 'licenseToken'],
        ['validate', { licenseToken: license.key, extra: true }, 'extra'],
        ['validate', { licenseToken: license.key, productCodes: 'APP' }, 'productCodes'],
        ['validate', { licenseToken: license.key, productCodes: [] }, 'productCodes'],
        ['validate', { licenseToken: license.key, authContext: 'x'.repeat(257) }, 'authContext'],
        ['activate', { licenseToken: license.key, authContext: 'a' }, 'productCodes'],
        ['extend', { licenseToken: license.key, productCodes: [7], authContext: 'a' }, 'productCodes'],
        ['deactivate', { licenseToken: license.key }, 'authContext'],
      ];
      for (const [endpoint, body, path] of cases) {
        const res = await licensing(t.baseUrl, endpoint, body);
        expect({ endpoint, body, status: res.status }).toEqual({ endpoint, body, status: 400 });
        expect(res.body.ok).toBe(false);
        expect(res.body.error.code).toBe('VALIDATION_ERROR');
        expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
      }
      const malformed = await licensing(t.baseUrl, 'activate', '{"licenseToken": ');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('VALIDATION_ERROR');
    });
  });

  it('is documented in the OpenAPI document and counted in the metrics by reason code', async () => {
    const http = new HttpClient(t.baseUrl);
    const doc = (await http.get('/docs-json')).body;
    for (const endpoint of ['validate', 'activate', 'extend', 'deactivate']) expect(doc.paths[`/licensing/${endpoint}`]?.post).toBeDefined();
    const metrics = (await http.get('/metrics')).text;
    expect(metrics).toMatch(/geckoguard_authorizations_total\{route="\/licensing\/activate",reason_code="ALLOW"\} [1-9]/);
    expect(metrics).toMatch(/geckoguard_authorizations_total\{route="\/licensing\/extend",reason_code="NO_ACTIVE_SESSION"\} [1-9]/);
  });
});

/** The caller's address is the one the IP rules see (through TRUST_PROXY hops); the body cannot name one. */
describe('/licensing/* IP and region rules', () => {
  let t: TestApp;
  let orgId: string;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '1' });
    orgId = (await insertOrgWithTeam(t)).orgId;
  });
  afterAll(async () => {
    await t.close();
  });

  async function setup(policy: Record<string, unknown>) {
    const code = `APP_${randomBytes(4).toString('hex').toUpperCase()}`;
    const productId = await insertProduct(t, orgId, policy, code);
    const license = await insertLicense(t, orgId, productId);
    return (endpoint: LicensingEndpoint, from: string, authContext = 'ctx') =>
      licensing(t.baseUrl, endpoint, { licenseToken: license.key, productCodes: [code], authContext }, { 'x-forwarded-for': from });
  }

  it('IP_MISMATCH and IP_LIMIT_EXCEEDED', async () => {
    const sticky = await setup({ limits: { ip: { mode: 'sticky' } } });
    expect((await sticky('validate', '192.0.2.1')).body.authStatus).toBe('Success');
    expect((await sticky('activate', '192.0.2.2')).body).toMatchObject({ authStatus: 'Failed', reasonCode: 'IP_MISMATCH' });
    const limited = await setup({ limits: { ip: { mode: 'limit', maxDistinct: 1 } } });
    expect((await limited('activate', '192.0.2.1')).body.authStatus).toBe('Success');
    expect((await limited('validate', '192.0.2.9')).body.reasonCode).toBe('IP_LIMIT_EXCEEDED');
  });

  it('REGION_MISMATCH and REGION_LIMIT_EXCEEDED', async () => {
    const sticky = await setup({ limits: { ip: { mode: 'sticky', limitType: 'region' } } });
    expect((await sticky('validate', '8.8.8.8')).body.authStatus).toBe('Success'); // US
    expect((await sticky('validate', '81.2.69.142')).body.reasonCode).toBe('REGION_MISMATCH'); // GB
    const limited = await setup({ limits: { ip: { mode: 'limit', maxDistinct: 1, limitType: 'region' } } });
    expect((await limited('validate', '10.0.0.1')).body.authStatus).toBe('Success'); // ZZ
    expect((await limited('activate', '8.8.8.8')).body.reasonCode).toBe('REGION_LIMIT_EXCEEDED');
  });
});
