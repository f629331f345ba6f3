import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpClient, startTestApp, type TestApp } from '@geckoguard/testing';

describe('operations', () => {
  let t: TestApp;
  let http: HttpClient;

  beforeAll(async () => {
    t = await startTestApp();
    http = new HttpClient(t.baseUrl);
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /health answers ok in the envelope', async () => {
    const res = await http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, data: { status: 'ok' } });
  });

  it('GET /health/ready checks the database', async () => {
    const res = await http.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.data.database).toBe('ok');
  });

  it('GET /v1/status reports version and uptime', async () => {
    const res = await http.get('/v1/status');
    expect(res.status).toBe(200);
    expect(res.body.data.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof res.body.data.uptimeSeconds).toBe('number');
  });

  it('serves the OpenAPI document', async () => {
    const res = await http.get('/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/health');
  });

  it('unknown routes are 404 NOT_FOUND in the envelope', async () => {
    const res = await http.get('/nope');
    expect(res.status).toBe(404);
    expect(res.body.ok).toBe(false);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('bodies over 1 MB are 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await http.post('/health', { blob: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
