import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { sha256Hex } from '@geckoguard/core';
import { RateLimiter } from '@geckoguard/database';
import { accessTokenFor, auditEvents, HttpClient, insertApiKey, insertOrg, insertProduct, insertUser, startTestApp, type TestApp } from '@geckoguard/testing';

const PASSWORD = 'correct horse battery';
const email = (tag = 'user') => `${tag}-${randomUUID()}@Example.TEST`;

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

describe('identity: register, login, tokens, password, me (API.md §2)', () => {
  let t: TestApp;
  let anon: HttpClient;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT: '0' });
    anon = new HttpClient(t.baseUrl);
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => t.clock.reset());

  async function register(body: Record<string, unknown> = {}) {
    return anon.post('/v1/auth/register', { email: email(), password: PASSWORD, ...body });
  }

  async function registered(): Promise<{ userId: string; email: string; orgId: string; tokens: Tokens }> {
    const address = email();
    const res = await register({ email: address });
    expect(res.status).toBe(201);
    return { userId: res.body.data.user.id, email: address.toLowerCase(), orgId: res.body.data.org.id, tokens: res.body.data.tokens };
  }

  async function login(address: string, password = PASSWORD) {
    return anon.post('/v1/auth/login', { email: address, password });
  }

  const refresh = (refreshToken: string) => anon.post('/v1/auth/refresh', { refreshToken });

  describe('POST /v1/auth/register', () => {
    it('creates the user, an organization they OWN and a login (201); the email is lower-cased', async () => {
      const address = email('Owner');
      const res = await anon.post('/v1/auth/register', { email: address, password: PASSWORD, name: 'Ada', orgName: 'Gecko Software' });
      expect(res.status).toBe(201);
      const { user, org, tokens } = res.body.data;
      expect(user).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), email: address.toLowerCase(), name: 'Ada', createdAt: expect.any(String) });
      expect(org).toEqual({ id: expect.any(String), name: 'Gecko Software', role: 'OWNER', createdAt: expect.any(String), updatedAt: expect.any(String) });
      expect(tokens).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        accessTokenExpiresAt: expect.any(String),
        refreshTokenExpiresAt: expect.any(String),
      });

      const [row] = (await t.dataSource.query(`SELECT email, name, password_hash FROM users WHERE id = $1`, [user.id])) as Array<Record<string, string>>;
      expect(row!.email).toBe(address.toLowerCase());
      expect(row!.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
      const members = (await t.dataSource.query(`SELECT user_id, role FROM org_members WHERE org_id = $1`, [org.id])) as unknown[];
      expect(members).toEqual([{ user_id: user.id, role: 'OWNER' }]);

      const events = await auditEvents(t, org.id);
      expect(events.map((e) => e.type)).toEqual(['team.member_added']);
      expect(events[0]).toMatchObject({ actor_type: 'user', actor_id: user.id, data: { userId: user.id, role: 'OWNER', email: address.toLowerCase() } });

      const me = await anon.bearer(tokens.accessToken).get('/v1/dashboard/me');
      expect(me.status).toBe(200);
      expect(me.body.data).toEqual({ user, orgs: [{ id: org.id, name: 'Gecko Software', role: 'OWNER' }] });
    });

    it('names the organization after the user, or "My organization"', async () => {
      expect((await register({ name: 'Grace' })).body.data.org.name).toBe("Grace's organization");
      expect((await register()).body.data.org.name).toBe('My organization');
    });

    it('answers 409 CONFLICT for an email that exists, in any case', async () => {
      const address = email();
      expect((await register({ email: address })).status).toBe(201);
      const res = await register({ email: address.toUpperCase() });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
      expect(await t.dataSource.query(`SELECT 1 FROM users WHERE email = $1`, [address.toLowerCase()])).toHaveLength(1);
    });

    it.each([
      ['a 9-character password', { password: '123456789' }, 'password'],
      ['a malformed email', { email: 'not-an-email' }, 'email'],
      ['a missing password', { password: undefined }, 'password'],
      ['an unknown field', { admin: true }, 'admin'],
      ['an empty name', { name: '' }, 'name'],
    ])('answers 400 VALIDATION_ERROR for %s', async (_label, patch, path) => {
      const res = await register(patch);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    });
  });

  describe('POST /v1/auth/login', () => {
    it('answers 200 with the user and a new login, whatever the case of the email', async () => {
      const user = await registered();
      const res = await login(user.email.toUpperCase());
      expect(res.status).toBe(200);
      expect(res.body.data.user).toMatchObject({ id: user.userId, email: user.email });
      expect(res.body.data.tokens.refreshToken).not.toBe(user.tokens.refreshToken);
      // A second login is a second family.
      const families = (await t.dataSource.query(`SELECT DISTINCT family_id FROM refresh_tokens WHERE user_id = $1`, [user.userId])) as unknown[];
      expect(families).toHaveLength(2);
      // LOGIN_RATE_LIMIT=0: no limit, no headers.
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    });

    it('answers 401 UNAUTHORIZED with one message for a wrong password, an unknown email and a password-less account', async () => {
      const user = await registered();
      const wrong = await login(user.email, `${PASSWORD}!`);
      const unknown = await login(email('nobody'));
      const factoryUser = await insertUser(t);
      const noLogin = await login(factoryUser.email, 'no-login');
      for (const res of [wrong, unknown, noLogin]) {
        expect(res.status).toBe(401);
        expect(res.body.error).toEqual({ code: 'UNAUTHORIZED', message: 'Invalid email or password', details: [] });
      }
    });

    it('answers 400 VALIDATION_ERROR without a password', async () => {
      const res = await anon.post('/v1/auth/login', { email: email() });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    });
  });

  describe('POST /v1/auth/refresh', () => {
    it('rotates: a new pair each time, and the token presented is used up', async () => {
      const user = await registered();
      const first = await refresh(user.tokens.refreshToken);
      expect(first.status).toBe(200);
      const next: Tokens = first.body.data.tokens;
      expect(next.refreshToken).not.toBe(user.tokens.refreshToken);
      expect((await anon.bearer(next.accessToken).get('/v1/dashboard/me')).status).toBe(200);
      const [row] = (await t.dataSource.query(`SELECT used_at FROM refresh_tokens WHERE token_hash = $1`, [sha256Hex(user.tokens.refreshToken)])) as Array<{
        used_at: Date | null;
      }>;
      expect(row!.used_at).not.toBeNull();
      expect((await refresh(next.refreshToken)).status).toBe(200);
    });

    it('answers 401 to a used token and revokes every token of that login, not of others', async () => {
      const user = await registered();
      const other = (await login(user.email)).body.data.tokens as Tokens;
      const rotated = (await refresh(user.tokens.refreshToken)).body.data.tokens as Tokens;

      const reuse = await refresh(user.tokens.refreshToken);
      expect(reuse.status).toBe(401);
      expect(reuse.body.error.code).toBe('UNAUTHORIZED');
      // The thief's (or the owner's) newer token dies with the family.
      expect((await refresh(rotated.refreshToken)).status).toBe(401);
      const family = (await t.dataSource.query(
        `SELECT revoked_at FROM refresh_tokens WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
        [sha256Hex(user.tokens.refreshToken)],
      )) as Array<{ revoked_at: Date | null }>;
      expect(family).toHaveLength(2);
      expect(family.every((r) => r.revoked_at !== null)).toBe(true);
      // Another login of the same user is untouched.
      expect((await refresh(other.refreshToken)).status).toBe(200);
    });

    it('lets exactly one of two concurrent refreshes with one token succeed', async () => {
      const user = await registered();
      const results = await Promise.all([refresh(user.tokens.refreshToken), refresh(user.tokens.refreshToken)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
      // The loser counts as a reuse: the whole login is revoked, the winner's new token too.
      const winner = results.find((r) => r.status === 200)!.body.data.tokens as Tokens;
      expect((await refresh(winner.refreshToken)).status).toBe(401);
    });

    it('answers 401 to an expired, an unknown or a malformed token', async () => {
      const user = await registered();
      t.clock.advance(31 * 24 * 60 * 60 * 1000);
      const expired = await refresh(user.tokens.refreshToken);
      expect(expired.status).toBe(401);
      expect(expired.body.error.message).toMatch(/expired/);
      expect((await refresh('made-up-token')).status).toBe(401);
      expect((await anon.post('/v1/auth/refresh', {})).status).toBe(400);
    });
  });

  describe('POST /v1/auth/logout', () => {
    it("revokes the login's tokens and leaves other logins alone; twice is fine", async () => {
      const user = await registered();
      const other = (await login(user.email)).body.data.tokens as Tokens;
      const res = await anon.bearer(user.tokens.accessToken).post('/v1/auth/logout', { refreshToken: user.tokens.refreshToken });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ loggedOut: true });
      expect((await refresh(user.tokens.refreshToken)).status).toBe(401);
      expect((await anon.bearer(user.tokens.accessToken).post('/v1/auth/logout', { refreshToken: user.tokens.refreshToken })).status).toBe(200);
      expect((await refresh(other.refreshToken)).status).toBe(200);
    });

    it('without a body ends the login the access token belongs to, also after rotation', async () => {
      const user = await registered();
      const other = (await login(user.email)).body.data.tokens as Tokens;
      const rotated = (await refresh(user.tokens.refreshToken)).body.data.tokens as Tokens;
      // a client written from API.md alone may send no body at all
      const res = await fetch(`${t.baseUrl}/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${rotated.accessToken}` } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).data).toEqual({ loggedOut: true });
      expect((await refresh(rotated.refreshToken)).status).toBe(401);
      expect((await refresh(other.refreshToken)).status).toBe(200);
      const empty = await anon.bearer(other.accessToken).post('/v1/auth/logout', {});
      expect(empty.status).toBe(200);
      expect((await refresh(other.refreshToken)).status).toBe(401);
    });

    it('400 for an access token minted without a login when no refresh token is given', async () => {
      const res = await anon.bearer(accessTokenFor(t, (await registered()).userId)).post('/v1/auth/logout', {});
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([{ path: 'refreshToken', message: expect.any(String) }]);
    });

    it("needs an access token (401), and refuses another user's refresh token (401)", async () => {
      const a = await registered();
      const b = await registered();
      expect((await anon.post('/v1/auth/logout', { refreshToken: a.tokens.refreshToken })).status).toBe(401);
      const res = await anon.bearer(b.tokens.accessToken).post('/v1/auth/logout', { refreshToken: a.tokens.refreshToken });
      expect(res.status).toBe(401);
      expect((await refresh(a.tokens.refreshToken)).status).toBe(200);
    });
  });

  describe('POST /v1/auth/password', () => {
    it("changes the password, revokes every other login's refresh tokens, keeps the caller's and returns a fresh pair", async () => {
      const user = await registered();
      const other = (await login(user.email)).body.data.tokens as Tokens;
      const newPassword = 'a much better passphrase';
      const res = await anon.bearer(user.tokens.accessToken).post('/v1/auth/password', { currentPassword: PASSWORD, newPassword });
      expect(res.status).toBe(200);
      const fresh = res.body.data.tokens as Tokens;

      // API.md §2: "revokes all other refresh tokens". The caller's login goes on.
      expect((await refresh(other.refreshToken)).status).toBe(401);
      expect((await refresh(user.tokens.refreshToken)).status).toBe(200);
      expect((await refresh(fresh.refreshToken)).status).toBe(200);
      expect((await login(user.email)).status).toBe(401);
      expect((await login(user.email, newPassword)).status).toBe(200);
    });

    it('answers 401 for a wrong current password (and changes nothing), 400 for a short new one, 401 without a token', async () => {
      const user = await registered();
      const as = anon.bearer(user.tokens.accessToken);
      const wrong = await as.post('/v1/auth/password', { currentPassword: 'not the password', newPassword: 'another long password' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('UNAUTHORIZED');
      expect((await refresh(user.tokens.refreshToken)).status).toBe(200);
      expect((await login(user.email)).status).toBe(200);

      const short = await as.post('/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'short' });
      expect(short.status).toBe(400);
      expect(short.body.error.details[0].path).toBe('newPassword');
      expect((await anon.post('/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'another long password' })).status).toBe(401);
    });
  });

  describe('GET /v1/dashboard/me', () => {
    it('lists every organization of the user with the role in it', async () => {
      const user = await registered();
      const orgId = await insertOrg(t, 'Second Org');
      await t.dataSource.query(`INSERT INTO org_members (org_id, user_id, role) VALUES ($1, $2, 'VIEWER')`, [orgId, user.userId]);
      const res = await anon.bearer(user.tokens.accessToken).get('/v1/dashboard/me');
      expect(res.status).toBe(200);
      expect(res.body.data.orgs).toHaveLength(2);
      expect(res.body.data.orgs).toEqual(
        expect.arrayContaining([
          { id: user.orgId, name: 'My organization', role: 'OWNER' },
          { id: orgId, name: 'Second Org', role: 'VIEWER' },
        ]),
      );
    });

    it('answers 401 without a token, EXPIRED_TOKEN for an expired one, 401 for an API key or a refresh token', async () => {
      const user = await registered();
      expect((await anon.get('/v1/dashboard/me')).status).toBe(401);
      const expired = await anon.bearer(accessTokenFor(t, user.userId, -10)).get('/v1/dashboard/me');
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('EXPIRED_TOKEN');
      const productId = await insertProduct(t, user.orgId);
      const { key } = await insertApiKey(t, user.orgId, productId, []);
      expect((await anon.apiKey(key).get('/v1/dashboard/me')).status).toBe(401);
      expect((await anon.bearer(key).get('/v1/dashboard/me')).status).toBe(401);
      expect((await anon.bearer(user.tokens.refreshToken).get('/v1/dashboard/me')).status).toBe(401);
    });
  });

  describe('credentials at rest', () => {
    it('stores no password, refresh token or API key in clear anywhere in the database', async () => {
      const password = `pw-${randomUUID()}`;
      const address = email('secret');
      const reg = await anon.post('/v1/auth/register', { email: address, password });
      expect(reg.status).toBe(201);
      const { tokens, org } = reg.body.data;
      const logged = (await login(address, password)).body.data.tokens as Tokens;
      const rotated = (await refresh(logged.refreshToken)).body.data.tokens as Tokens;
      const productId = await insertProduct(t, org.id);
      const created = await anon.bearer(tokens.accessToken).post(`/v1/dashboard/products/${productId}/api-keys`, { name: 'k', permissions: ['license:read'] });
      expect(created.status).toBe(201);
      const rotatedKey = await anon.bearer(tokens.accessToken).post(`/v1/dashboard/products/${productId}/api-keys/${created.body.data.apiKey.id}/rotate`);
      expect(rotatedKey.status).toBe(200);

      const tables = (await t.dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`)) as Array<{
        table_name: string;
      }>;
      let dump = '';
      for (const { table_name } of tables) {
        const [row] = (await t.dataSource.query(`SELECT coalesce(json_agg(x)::text, '') AS rows FROM "${table_name}" x`)) as Array<{ rows: string }>;
        dump += row!.rows;
      }
      const secrets = [password, tokens.refreshToken, logged.refreshToken, rotated.refreshToken, created.body.data.key, rotatedKey.body.data.key];
      for (const secret of secrets) expect(dump).not.toContain(secret);
      // What is stored instead: hashes.
      expect(dump).toContain(sha256Hex(rotated.refreshToken));
      expect(dump).toContain(sha256Hex(rotatedKey.body.data.key));
    });
  });
});

describe('identity: sign-up closed (ALLOW_SIGNUP=false)', () => {
  let t: TestApp;
  let anon: HttpClient;

  beforeAll(async () => {
    t = await startTestApp({ ALLOW_SIGNUP: 'false', LOGIN_RATE_LIMIT: '0' });
    anon = new HttpClient(t.baseUrl);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets exactly one of concurrent first registrations in, then answers 403 FORBIDDEN', async () => {
    const results = await Promise.all([1, 2, 3].map(() => anon.post('/v1/auth/register', { email: email(), password: PASSWORD })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 403, 403]);
    const refused = results.find((r) => r.status === 403)!;
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect(refused.body.error.message).toMatch(/ALLOW_SIGNUP/);
    expect(await t.dataSource.query(`SELECT id FROM users`)).toHaveLength(1);

    const later = await anon.post('/v1/auth/register', { email: email(), password: PASSWORD });
    expect(later.status).toBe(403);
    // The first user still logs in.
    const first = results.find((r) => r.status === 201)!.body.data.user;
    expect((await anon.post('/v1/auth/login', { email: first.email, password: PASSWORD })).status).toBe(200);
  });
});

interface Reply {
  status: number;
  headers: { get(name: string): string | null };
  body: any;
}

/** A JSON POST sent from a given local address (fetch cannot choose one). */
function postFrom(baseUrl: string, localAddress: string, path: string, body: unknown): Promise<Reply> {
  const url = new URL(path, baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const header = (name: string) => {
            const value = res.headers[name.toLowerCase()];
            return value === undefined ? null : String(value);
          };
          resolve({ status: res.statusCode ?? 0, headers: { get: header }, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('identity: login throttling (LOGIN_RATE_LIMIT=3, per email and per IP)', () => {
  let t: TestApp;
  let anon: HttpClient;
  let address: string;

  // Each attempt comes from a loopback address of its own (127.0.0.0/8), so tests can vary the client address.
  const attempt = (localAddress: string, who: string, password = 'wrong password!') =>
    postFrom(t.baseUrl, localAddress, '/v1/auth/login', { email: who, password });

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT: '3' });
    anon = new HttpClient(t.baseUrl);
    address = email('throttled').toLowerCase();
    expect((await anon.post('/v1/auth/register', { email: address, password: PASSWORD })).status).toBe(201);
    // Start at the beginning of a window, so the test cannot straddle two.
    const now = Date.now();
    t.clock.set(new Date(Math.ceil(now / 60000) * 60000 + 1000));
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts every attempt per email (any address) and answers the 4th with 429 RATE_LIMITED and the headers', async () => {
    const reset = String(Math.floor(t.clock.now().getTime() / 60000) * 60 + 60);
    for (const [i, ip] of ['127.0.0.2', '127.0.0.3', '127.0.0.4'].entries()) {
      const res = await attempt(ip, address);
      expect(res.status).toBe(401);
      expect(res.headers.get('x-ratelimit-limit')).toBe('3');
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(2 - i));
      expect(res.headers.get('x-ratelimit-reset')).toBe(reset);
    }
    // Even the right password is refused now, before it is checked.
    const limited = await attempt('127.0.0.5', address, PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.body.error.retryAfter).toBe(59);
    expect(limited.headers.get('retry-after')).toBe('59');
    expect(limited.headers.get('x-ratelimit-limit')).toBe('3');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-reset')).toBe(reset);

    // Typed emails are counted by hash, never stored.
    const buckets = (await t.dataSource.query(`SELECT bucket, count FROM rate_limit_counters`)) as Array<{ bucket: string; count: number }>;
    expect(buckets).toContainEqual({ bucket: `login:email:${sha256Hex(address)}`, count: 4 });
    expect(JSON.stringify(buckets)).not.toContain(address);
  });

  it('counts every attempt per address (any email)', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('127.0.1.1', email())).status).toBe(401);
    const limited = await attempt('127.0.1.1', email());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    // Another address is not affected.
    expect((await attempt('127.0.1.2', email())).status).toBe(401);
  });

  it('lets the user in again in the next minute, and purges the past window', async () => {
    t.clock.advance(60_000);
    const res = await attempt('127.0.0.9', address, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('2');

    const purged = await t.app.get(RateLimiter).purge();
    expect(purged).toBeGreaterThan(0);
    const left = (await t.dataSource.query(`SELECT window_start FROM rate_limit_counters`)) as Array<{ window_start: Date }>;
    expect(left.length).toBeGreaterThan(0);
    const windowStart = Math.floor(t.clock.now().getTime() / 60000) * 60000;
    expect(left.every((r) => r.window_start.getTime() === windowStart)).toBe(true);
  });
});
