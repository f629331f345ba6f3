import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { insertApiKey, insertLicense, insertOrg, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { authorize } from './support/authorize-client.js';

const sha = (v: string) => createHash('sha256').update(v).digest('hex');

/** API.md §5: the rules use the caller's address through TRUST_PROXY hops; a client cannot claim one. */
describe.each([
  ['0', '127.0.0.1'],
  ['1', '198.51.100.7'],
  ['2', '203.0.113.5'],
])('the observed address with TRUST_PROXY=%s', (hops, expected) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: hops });
  });
  afterAll(async () => {
    await t.close();
  });

  it(`is ${expected}, and the body ip is ignored without license:assert-ip`, async () => {
    const orgId = await insertOrg(t);
    const productId = await insertProduct(t, orgId);
    const apiKey = await insertApiKey(t, orgId, productId, ['license:authorize']);
    const license = await insertLicense(t, orgId, productId);
    const res = await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, ip: '192.0.2.99' }, { 'x-forwarded-for': '203.0.113.5, 198.51.100.7' });
    expect(res.status).toBe(200);
    const rows = (await t.dataSource.query(`SELECT value_hash FROM bindings WHERE license_id = $1 AND type = 'IP'`, [license.id])) as Array<{ value_hash: string }>;
    expect(rows.map((r) => r.value_hash)).toEqual([sha(expected)]);
  });
});

/** The asserted address replaces the observed one in every rule, the blacklist probe included, even within one /64. */
describe('an asserted IPv6 address in the observed one /64', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is the one the blacklist is probed with', async () => {
    const orgId = await insertOrg(t);
    const productId = await insertProduct(t, orgId);
    const apiKey = await insertApiKey(t, orgId, productId, ['license:authorize', 'license:assert-ip']);
    const license = await insertLicense(t, orgId, productId);
    await t.dataSource.query(
      `INSERT INTO blacklist_entries (org_id, product_id, type, value, value_hash, network, reason, created_at, updated_at)
       VALUES ($1, $2, 'IP', '2001:db8::2', $3, '2001:db8::2/128', 'abuse', now(), now())`,
      [orgId, productId, sha('2001:db8::2')],
    );
    const observed = { 'x-forwarded-for': '2001:db8::1' };
    expect((await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, ip: '2001:db8::2' }, observed)).body).toMatchObject({
      allow: false,
      reasonCode: 'IP_BLACKLISTED',
      message: 'abuse',
    });
    expect((await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, ip: '2001:db8::3' }, observed)).status).toBe(200);
    // And only it: the caller's own address on the blacklist does not refuse an end user it speaks for.
    await t.dataSource.query(`UPDATE blacklist_entries SET value = '2001:db8::1', value_hash = $2, network = '2001:db8::1/128' WHERE product_id = $1`, [
      productId,
      sha('2001:db8::1'),
    ]);
    expect((await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key, ip: '2001:db8::3' }, observed)).status).toBe(200);
    expect((await authorize(t.baseUrl, apiKey.key, { productId, licenseKey: license.key }, observed)).body.reasonCode).toBe('IP_BLACKLISTED');
  });
});
