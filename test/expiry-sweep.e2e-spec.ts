import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { computeEffectiveExpiry, effectiveExpirySql, RecordExpiriesCommand, type ExpiryInput } from '@geckoguard/expiration';
import { insertLicense, insertOrg, insertProduct, startTestApp, type TestApp } from '@geckoguard/testing';
import { buildServer, startServerProcess, type ServerProcess } from './support/server-process.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('expiry: the SQL expression and the license.expired sweep', () => {
  let t: TestApp;
  let orgId: string;
  let productId: string;

  beforeAll(async () => {
    t = await startTestApp();
    orgId = await insertOrg(t);
    productId = await insertProduct(t, orgId);
  });
  afterAll(async () => {
    await t.close();
  });

  const sweep = () => t.app.get(CommandBus).execute(new RecordExpiriesCommand());
  const expiredEvents = async (licenseId?: string) =>
    (await t.dataSource.query(`SELECT license_id, data, actor_type, occurred_at FROM audit_events WHERE type = 'license.expired' AND ($1::uuid IS NULL OR license_id = $1) ORDER BY id`, [
      licenseId ?? null,
    ])) as Array<{ license_id: string; data: { effectiveExpiresAt: string }; actor_type: string; occurred_at: Date }>;

  it('effectiveExpirySql agrees with computeEffectiveExpiry in every mode, frozen or not, before and after activation', async () => {
    const now = new Date('2031-03-01T12:00:00.000Z');
    const at = (ms: number) => new Date(now.getTime() + ms);
    const cases: ExpiryInput[] = [];
    for (const expirationMode of ['never', 'fixed', 'afterActivation', 'both'] as const) {
      for (const activatedAt of [null, at(-10 * DAY)]) {
        for (const frozenAt of [null, at(-3 * HOUR)]) {
          for (const [frozenMs, before] of [[0, 0], [5 * HOUR, 0], [5 * HOUR, 2 * HOUR], [2 * HOUR, 7 * HOUR]]) {
            for (const [expiresAt, expiresAfterDays] of [[at(2 * DAY), 30], [at(-DAY), 5], [at(20 * DAY), 10]] as Array<[Date, number]>) {
              cases.push({ expirationMode, expiresAt, expiresAfterDays, activatedAt, frozenAt, frozenMs: frozenMs!, frozenMsBeforeActivation: before! });
            }
          }
        }
      }
    }
    const values = cases
      .map((c, i) => `(${i}, '${c.expirationMode}', ${c.expiresAt ? `'${c.expiresAt.toISOString()}'::timestamptz` : 'NULL::timestamptz'}, ${c.expiresAfterDays ?? 'NULL'}, ${
        c.activatedAt ? `'${c.activatedAt.toISOString()}'::timestamptz` : 'NULL::timestamptz'
      }, ${c.frozenAt ? `'${c.frozenAt.toISOString()}'::timestamptz` : 'NULL::timestamptz'}, ${c.frozenMs}::bigint, ${c.frozenMsBeforeActivation}::bigint)`)
      .join(',\n');
    const rows = (await t.dataSource.query(
      `SELECT i, ${effectiveExpirySql('l', '$1::timestamptz')} AS e
         FROM (VALUES ${values}) AS l(i, expiration_mode, expires_at, expires_after_days, activated_at, frozen_at, frozen_ms, frozen_ms_before_activation)
        ORDER BY i`,
      [now],
    )) as Array<{ i: number; e: Date | null }>;
    expect(rows).toHaveLength(cases.length);
    for (const row of rows) {
      const expected = computeEffectiveExpiry(cases[row.i]!, now).effectiveExpiresAt;
      expect({ case: cases[row.i], e: row.e?.toISOString() ?? null }).toEqual({ case: cases[row.i], e: expected?.toISOString() ?? null });
    }
  });

  it('writes license.expired once when the expiry passes, also for a license nobody used, and again after a lapsed extension', async () => {
    t.clock.set(new Date('2032-01-01T00:00:00.000Z'));
    const fixedAt = new Date('2032-01-10T00:00:00.000Z');
    const license = await insertLicense(t, orgId, productId, { expirationMode: 'fixed', expiresAt: fixedAt });
    await sweep();
    expect(await expiredEvents(license.id)).toHaveLength(0);

    t.clock.set(new Date(fixedAt.getTime() - 1));
    await sweep();
    expect(await expiredEvents(license.id)).toHaveLength(0);

    t.clock.set(fixedAt);
    await sweep();
    await sweep();
    const first = await expiredEvents(license.id);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ actor_type: 'system', data: { effectiveExpiresAt: fixedAt.toISOString() } });
    expect(first[0]!.occurred_at.toISOString()).toBe(fixedAt.toISOString());

    // extended: nothing until the new date passes, then exactly one more
    const extended = new Date('2032-02-01T00:00:00.000Z');
    await t.dataSource.query(`UPDATE licenses SET expires_at = $2 WHERE id = $1`, [license.id, extended]);
    t.clock.set(new Date('2032-01-20T00:00:00.000Z'));
    await sweep();
    expect(await expiredEvents(license.id)).toHaveLength(1);
    t.clock.set(new Date('2032-02-02T00:00:00.000Z'));
    await sweep();
    await sweep();
    const events = await expiredEvents(license.id);
    expect(events.map((e) => e.data.effectiveExpiresAt)).toEqual([fixedAt.toISOString(), extended.toISOString()]);
  });

  it('days after activation count only once activated; frozen licenses do not expire; never-expiring ones are ignored', async () => {
    t.clock.set(new Date('2033-01-01T00:00:00.000Z'));
    const unactivated = await insertLicense(t, orgId, productId, { expirationMode: 'afterActivation', expiresAfterDays: 1 });
    const activated = await insertLicense(t, orgId, productId, {
      expirationMode: 'afterActivation',
      expiresAfterDays: 1,
      activatedAt: new Date('2032-12-30T00:00:00.000Z'),
    });
    const frozen = await insertLicense(t, orgId, productId, {
      expirationMode: 'fixed',
      expiresAt: new Date('2032-12-31T00:00:00.000Z'),
      frozenAt: new Date('2032-12-01T00:00:00.000Z'),
    });
    const never = await insertLicense(t, orgId, productId, { expirationMode: 'never' });
    await sweep();
    expect(await expiredEvents(unactivated.id)).toHaveLength(0);
    expect((await expiredEvents(activated.id)).map((e) => e.data.effectiveExpiresAt)).toEqual(['2032-12-31T00:00:00.000Z']);
    expect(await expiredEvents(frozen.id)).toHaveLength(0);
    expect(await expiredEvents(never.id)).toHaveLength(0);

    // unfrozen after 31 days frozen: the fixed date moved 31 days later
    await t.dataSource.query(`UPDATE licenses SET frozen_at = NULL, frozen_ms = $2 WHERE id = $1`, [frozen.id, 31 * DAY]);
    await sweep();
    expect(await expiredEvents(frozen.id)).toHaveLength(0);
    t.clock.set(new Date('2033-01-31T00:00:00.000Z'));
    await sweep();
    expect((await expiredEvents(frozen.id)).map((e) => e.data.effectiveExpiresAt)).toEqual(['2033-01-31T00:00:00.000Z']);
  });

  it('twelve sweeps at once over 300 due licenses write exactly 300 events', async () => {
    t.clock.set(new Date('2034-06-01T00:00:00.000Z'));
    const batchProduct = await insertProduct(t, orgId);
    await t.dataSource.query(
      `INSERT INTO licenses (org_id, product_id, key, key_hash, expiration_mode, expires_at)
       SELECT $1, $2::uuid, 'BATCH-' || g, md5('batch-' || g || $2::text) || md5('x' || g || $2::text), 'fixed', '2034-05-01T00:00:00Z'
         FROM generate_series(1, 300) g`,
      [orgId, batchProduct],
    );
    const results = await Promise.all(Array.from({ length: 12 }, () => t.app.get(CommandBus).execute(new RecordExpiriesCommand(40))));
    expect(results.reduce((n, r) => n + r.recorded, 0)).toBe(300);
    const [row] = (await t.dataSource.query(
      `SELECT count(*)::int AS events, count(DISTINCT e.license_id)::int AS licenses
         FROM audit_events e JOIN licenses l ON l.id = e.license_id
        WHERE e.type = 'license.expired' AND l.product_id = $1`,
      [batchProduct],
    )) as Array<{ events: number; licenses: number }>;
    expect(row).toEqual({ events: 300, licenses: 300 });
  });

  describe('two server processes sweeping one database', () => {
    let a: ServerProcess | undefined;
    let b: ServerProcess | undefined;
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
    });

    it('record each expiry exactly once', async () => {
      const product = await insertProduct(t, orgId);
      // due by the real clock the server processes use
      await t.dataSource.query(
        `INSERT INTO licenses (org_id, product_id, key, key_hash, expiration_mode, expires_at)
         SELECT $1, $2::uuid, 'TWO-' || g, md5('two-' || g || $2::text) || md5('y' || g || $2::text), 'fixed', now() - interval '1 minute'
           FROM generate_series(1, 200) g`,
        [orgId, product],
      );
      const main = buildServer('.data/test-build-expiry-sweep');
      [a, b] = await Promise.all([
        startServerProcess(main, t.databaseUrl, { EXPIRY_SWEEP_INTERVAL_SECONDS: '1' }),
        startServerProcess(main, t.databaseUrl, { EXPIRY_SWEEP_INTERVAL_SECONDS: '1' }),
      ]);
      const count = async () =>
        ((await t.dataSource.query(
          `SELECT count(*)::int AS events, count(DISTINCT e.license_id)::int AS licenses
             FROM audit_events e JOIN licenses l ON l.id = e.license_id WHERE e.type = 'license.expired' AND l.product_id = $1`,
          [product],
        )) as Array<{ events: number; licenses: number }>)[0]!;
      const deadline = Date.now() + 20_000;
      while ((await count()).licenses < 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      // several more sweeps by both processes must add nothing
      await new Promise((r) => setTimeout(r, 3_000));
      expect(await count()).toEqual({ events: 200, licenses: 200 });
    });
  });
});
