import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { signRequest } from '@geckoguard/identity';
import { HttpClient, insertApiKey, insertOrgWithTeam, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { createRootLogger, redactUrl } from '../apps/api/src/config/pino-logger.js';

/** Distinct, greppable secrets: none of them may appear in any log line. */
const PASSWORD = `pw-${randomBytes(12).toString('hex')}`;
const NEW_PASSWORD = `npw-${randomBytes(12).toString('hex')}`;
const REFRESH_TOKEN = `rt-${randomBytes(24).toString('base64url')}`;
const LICENSE_KEY = `LK-${randomBytes(10).toString('hex').toUpperCase()}`;

describe('logging (API.md §11): JSON lines without credentials', () => {
  let t: TestApp;
  const lines: string[] = [];
  const consoleOutput: string[] = [];
  let bearer: string;
  let apiKey: string;
  let productId: string;
  let orgId: string;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    // Whatever bypasses pino (e.g. a library printing with console) counts as log output too.
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleOutput.push(args.map(String).join(' ')));
    }
    t = await startTestApp({ LOG_LEVEL: 'debug' }, { logger: createRootLogger('debug', sink) });
    const team = await insertOrgWithTeam(t);
    orgId = team.orgId;
    bearer = team.OWNER.token;
    productId = await insertProduct(t, orgId);
    apiKey = (await insertApiKey(t, orgId, productId, ['license:read', 'license:authorize'])).key;
  });

  afterAll(async () => {
    await t.close();
    jest.restoreAllMocks();
  });

  it('requests carrying a password, an API key, a bearer token and a refresh token leave none of them in the log', async () => {
    const anon = new HttpClient(t.baseUrl);
    const email = `log-${randomBytes(4).toString('hex')}@example.test`;
    // Whether or not these routes exist yet, their bodies pass through the server and its logger.
    await anon.post('/v1/auth/register', { email, password: PASSWORD, name: 'Logger', orgName: 'Log Org' });
    await anon.post('/v1/auth/login', { email, password: PASSWORD });
    await anon.post('/v1/auth/login', { email, password: `${PASSWORD}-wrong` });
    await anon.post('/v1/auth/refresh', { refreshToken: REFRESH_TOKEN });
    await anon.post('/v1/auth/logout', { refreshToken: REFRESH_TOKEN });
    await anon.bearer(bearer).post('/v1/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    await anon.bearer(bearer).get('/v1/dashboard/me');
    await anon.bearer(bearer).get(`/v1/dashboard/orgs/${orgId}/products`);
    await anon.bearer(`${bearer}x`).get(`/v1/dashboard/orgs/${orgId}/products`);
    await anon.apiKey(apiKey).get('/v1/whoami');
    await anon.apiKey(apiKey).get(`/v1/products/${productId}/licenses?q=${LICENSE_KEY}&apiKey=${apiKey}`);
    // Malformed and invalid bodies that contain the secrets.
    await anon.request('POST', '/v1/auth/login', `{"email":"${email}","password":"${PASSWORD}"`);
    await anon.bearer(bearer).post(`/v1/dashboard/orgs/${orgId}/products`, { name: 'x', code: 'LOG_X', password: PASSWORD, refreshToken: REFRESH_TOKEN });
    // A signed authorization: API key, signature and license key.
    const raw = JSON.stringify({ productId, licenseKey: LICENSE_KEY, hwid: 'hw-1' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const signature = signRequest(apiKey, timestamp, nonce, 'POST', '/v1/licenses/authorize', raw);
    await anon.request('POST', '/v1/licenses/authorize', raw, {
      'x-api-key': apiKey,
      'x-gg-timestamp': timestamp,
      'x-gg-nonce': nonce,
      'x-gg-signature': signature,
    });
    await new Promise((r) => setTimeout(r, 50));

    // Requests are logged at debug level as JSON lines, so the check below is not vacuous.
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.some((l) => JSON.parse(l).msg === 'incoming request')).toBe(true);
    expect(lines.some((l) => l.includes('/v1/auth/login'))).toBe(true);

    const everything = [...lines, ...consoleOutput].join('\n');
    for (const [name, secret] of Object.entries({ PASSWORD, NEW_PASSWORD, REFRESH_TOKEN, apiKey, bearer, signature, LICENSE_KEY })) {
      expect({ name, leaked: everything.includes(secret) }).toEqual({ name, leaked: false });
    }
    // Not even the JWT's signature part.
    expect(everything.includes(bearer.split('.')[2]!)).toBe(false);
  });

  it('redactUrl hides sensitive query values and keeps the rest', () => {
    expect(redactUrl('/v1/x?page=2&q=ABCDE&apiKey=gg_1&token=t&pageSize=5')).toBe('/v1/x?page=2&q=[redacted]&apiKey=[redacted]&token=[redacted]&pageSize=5');
    expect(redactUrl('/v1/x')).toBe('/v1/x');
    expect(redactUrl('/v1/x?licenseKey=A&flag')).toBe('/v1/x?licenseKey=[redacted]&flag');
  });
});
