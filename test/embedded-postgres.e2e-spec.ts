import { describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, startEmbeddedPostgres } from '@geckoguard/database';

describe('embedded PostgreSQL', () => {
  /** Starts a server in a fresh directory `depth` long names deep; the address the app's pool reaches it on. */
  async function serverAddressSeenByPool(depth: number): Promise<{ url: string; serverAddress: string | null }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'gg-embedded-sock-'));
    chmodSync(dataDir, 0o755);
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const port = (probe.address() as { port: number }).port;
    await new Promise((done) => probe.close(done));
    const db = await startEmbeddedPostgres({ dataDir: join(dataDir, ...Array(depth).fill('a-rather-long-directory-name'), 'postgres'), port, database: 'geckoguard_test' });
    const ds = new DataSource(buildDataSourceOptions(db.url, [], [], 1));
    try {
      await ds.initialize();
      const [row] = (await ds.query('SELECT inet_server_addr()::text AS address')) as Array<{ address: string | null }>;
      return { url: db.url, serverAddress: row!.address };
    } finally {
      if (ds.isInitialized) await ds.destroy();
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  it('is reached over its Unix socket, which its URL names', async () => {
    const { url, serverAddress } = await serverAddressSeenByPool(0);
    expect(new URL(url).searchParams.get('host')).toMatch(/gg-embedded-sock-.*\/postgres$/);
    // No server address: the connection is not TCP.
    expect(serverAddress).toBeNull();
  }, 60_000);

  it('is reached over TCP where its socket path would be too long for a socket address', async () => {
    const { url, serverAddress } = await serverAddressSeenByPool(4);
    expect(new URL(url).search).toBe('');
    expect(serverAddress).toBe('127.0.0.1/32');
  }, 60_000);

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
