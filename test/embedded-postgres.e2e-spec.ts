import { describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '@geckoguard/database';

describe('embedded PostgreSQL', () => {
  it('refuses to start on a port in use with what PostgreSQL said and what to do, not a bare rejection', async () => {
    const squatter = createServer();
    await new Promise<void>((done) => squatter.listen(0, '127.0.0.1', done));
    const address = squatter.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const dataDir = mkdtempSync(join(tmpdir(), 'gg-embedded-busy-'));
    // As root, the embedded server runs as its own user and must reach the directory.
    chmodSync(dataDir, 0o755);
    try {
      const started = startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port, database: 'geckoguard_test' });
      await expect(started).rejects.toThrow(new RegExp(`did not start on port ${port}.*already in use.*EMBEDDED_PG_PORT`, 's'));
    } finally {
      await new Promise((done) => squatter.close(done));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
