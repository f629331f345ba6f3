import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpClient, insertApiKey, insertLicense, insertOrgWithTeam, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { authorize } from './support/authorize-client.js';

/** `name{labels} value` lines of a Prometheus text exposition, as a map. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    out.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return out;
}

describe('GET /metrics (API.md §11)', () => {
  let t: TestApp;
  let http: HttpClient;

  beforeAll(async () => {
    t = await startTestApp();
    http = new HttpClient(t.baseUrl);
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the Prometheus text format, outside the JSON envelope', async () => {
    const res = await http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text.startsWith('{')).toBe(false);
    expect(res.text).toContain('# TYPE geckoguard_http_requests_total counter');
    expect(res.text).toContain('# TYPE geckoguard_http_request_duration_seconds histogram');
    expect(res.text.endsWith('\n')).toBe(true);
    // Every sample line is `name{labels} number` or `name number`.
    for (const line of res.text.split('\n').filter((l) => l && !l.startsWith('#'))) {
      expect(line).toMatch(/^[a-z_:][a-z0-9_:]*(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? -?[0-9.e+-]+$/i);
    }
  });

  it('counts requests by method, route pattern and status, and times them in a histogram', async () => {
    await http.get('/health');
    await http.get('/health');
    await http.get('/health/ready');
    await http.get('/no/such/route/123');
    await http.get('/no/such/route/456');
    await http.get(`/v1/dashboard/orgs/${'00000000-0000-4000-8000-000000000000'}/products`);
    const res = await http.get('/metrics');
    const s = samples(res.text);

    expect(s.get('geckoguard_http_requests_total{method="GET",route="/health",status="200"}')).toBe(2);
    expect(s.get('geckoguard_http_requests_total{method="GET",route="/health/ready",status="200"}')).toBe(1);
    // Unknown URLs share one series; parameterised routes are labelled by their pattern.
    expect(s.get('geckoguard_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(2);
    expect(s.get('geckoguard_http_requests_total{method="GET",route="/v1/dashboard/orgs/:orgId/products",status="401"}')).toBe(1);
    expect([...s.keys()].some((k) => k.includes('123') || k.includes('456'))).toBe(false);

    const labels = 'method="GET",route="/health"';
    expect(s.get(`geckoguard_http_request_duration_seconds_count{${labels}}`)).toBe(2);
    expect(s.get(`geckoguard_http_request_duration_seconds_bucket{${labels},le="+Inf"}`)).toBe(2);
    expect(s.get(`geckoguard_http_request_duration_seconds_bucket{${labels},le="10"}`)).toBe(2);
    const sum = s.get(`geckoguard_http_request_duration_seconds_sum{${labels}}`)!;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(10);
    // Buckets are cumulative.
    const buckets = [...s.entries()].filter(([k]) => k.startsWith(`geckoguard_http_request_duration_seconds_bucket{${labels},`)).map(([, v]) => v);
    expect(buckets.length).toBeGreaterThan(5);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!).toBeGreaterThanOrEqual(buckets[i - 1]!);
  });

  it('a scrape sees the previous scrape counted', async () => {
    const before = samples((await http.get('/metrics')).text).get('geckoguard_http_requests_total{method="GET",route="/metrics",status="200"}') ?? 0;
    const after = samples((await http.get('/metrics')).text).get('geckoguard_http_requests_total{method="GET",route="/metrics",status="200"}');
    expect(after).toBe(before + 1);
  });

  it('counts authorization decisions by reason code', async () => {
    const { orgId } = await insertOrgWithTeam(t);
    const productId = await insertProduct(t, orgId);
    const { key: apiKey } = await insertApiKey(t, orgId, productId, ['license:authorize']);
    const license = await insertLicense(t, orgId, productId);
    const revoked = await insertLicense(t, orgId, productId, { revokedAt: new Date() });
    expect((await authorize(t.baseUrl, apiKey, { productId, licenseKey: license.key, hwid: 'hw-1' })).status).toBe(200);
    expect((await authorize(t.baseUrl, apiKey, { productId, licenseKey: license.key, hwid: 'hw-1' })).status).toBe(200);
    expect((await authorize(t.baseUrl, apiKey, { productId, licenseKey: revoked.key })).status).toBe(403);
    expect((await authorize(t.baseUrl, apiKey, { productId, licenseKey: 'NO-SUCH-KEY-123' })).status).toBe(404);
    expect((await http.post('/v1/licenses/authorize', { productId, licenseKey: license.key }, { 'x-api-key': apiKey })).status).toBe(401);
    const s = samples((await http.get('/metrics')).text);
    const decision = (code: string) => s.get(`geckoguard_authorizations_total{route="/v1/licenses/authorize",reason_code="${code}"}`);
    expect(decision('ALLOW')).toBe(2);
    expect(decision('LICENSE_REVOKED')).toBe(1);
    expect(decision('LICENSE_NOT_FOUND')).toBe(1);
    // Refusals that are not decisions (a missing signature) count as requests only.
    expect([...s.keys()].filter((k) => k.startsWith('geckoguard_authorizations_total{route="/v1/licenses/authorize"'))).toHaveLength(3);
    expect(s.get('geckoguard_http_requests_total{method="POST",route="/v1/licenses/authorize",status="401"}')).toBe(1);
    expect(s.get('geckoguard_http_requests_total{method="POST",route="/v1/licenses/authorize",status="200"}')).toBe(2);
  });

  it('counts /licensing decisions by route and reason code', async () => {
    const { orgId } = await insertOrgWithTeam(t);
    const productId = await insertProduct(t, orgId);
    const license = await insertLicense(t, orgId, productId);
    const before = samples((await http.get('/metrics')).text);
    const count = (m: Map<string, number>, route: string, code: string) => m.get(`geckoguard_authorizations_total{route="${route}",reason_code="${code}"}`) ?? 0;
    expect((await http.post('/licensing/validate', { licenseToken: license.key })).status).toBe(200);
    expect((await http.post('/licensing/validate', { licenseToken: 'NO-SUCH-TOKEN-123' })).status).toBe(200);
    expect((await http.post('/licensing/extend', { licenseToken: 'NO-SUCH-TOKEN-123', productCodes: ['ANY'], authContext: 'ctx-1' })).status).toBe(200);
    const after = samples((await http.get('/metrics')).text);
    expect(count(after, '/licensing/validate', 'ALLOW') - count(before, '/licensing/validate', 'ALLOW')).toBe(1);
    expect(count(after, '/licensing/validate', 'LICENSE_NOT_FOUND') - count(before, '/licensing/validate', 'LICENSE_NOT_FOUND')).toBe(1);
    expect(count(after, '/licensing/extend', 'LICENSE_NOT_FOUND') - count(before, '/licensing/extend', 'LICENSE_NOT_FOUND')).toBe(1);
  });
});
