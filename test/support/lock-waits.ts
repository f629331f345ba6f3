import type { DataSource } from 'typeorm';
import { until } from './webhook-receiver.js';

/** Until some backend of this database waits for a lock: the request under test has reached a row another holds. */
export async function untilSomeoneWaitsForALock(db: DataSource): Promise<void> {
  await until('a backend to wait for a lock', async () => {
    const [row] = (await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)) as Array<{ n: number }>;
    return row!.n > 0;
  });
}
