import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertOrg, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { createApp } from '../apps/api/src/create-app.js';
import { RegionLocator } from '../libs/licenses/src/commands/authorize-license/region-locator.js';

describe('geoip tables for region limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('stay unloaded while no stored policy limits IPs by region', () => {
    expect(t.app.get(RegionLocator).loaded).toBe(false);
  });

  it('load at start-up when a stored policy does, so no authorization waits for them', async () => {
    const orgId = await insertOrg(t);
    await insertProduct(t, orgId, { limits: { ip: { mode: 'sticky', limitType: 'region' } } });
    const second = await createApp({ config: t.config, databaseUrl: t.databaseUrl, clock: t.clock });
    try {
      await second.init();
      expect(second.get(RegionLocator).loaded).toBe(true);
      expect(await second.get(RegionLocator).countryOf('8.8.8.8')).toBe('US');
    } finally {
      await second.close();
    }
  });
});
