/**
 * npm run bench — signed POST /v1/licenses/authorize under load.
 *
 * Starts the compiled server (embedded PostgreSQL, or DATABASE_URL when set) unless BENCH_URL points at a
 * running one; seeds through the public API an org, a product whose policy limits HWID, IP and concurrency,
 * a signing API key and 10,000 licenses; then drives authorize calls at 32 connections for BENCH_SECONDS
 * (default 20): licenses re-validating from their own HWID, IP and session, plus a share of new licenses
 * activating. Prints one JSON line: {"authorizePerSec","p50Ms","p99Ms","errors","non2xx"}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const LICENSES = Number(process.env.BENCH_LICENSES ?? 10_000);
/** Share of calls that activate a license not seen before; the rest re-validate activated ones. */
const NEW_SHARE = Number(process.env.BENCH_NEW_SHARE ?? 0.05);

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

interface Res {
  status: number;
  body: any;
}

function request(base: URL, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const raw = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((done, fail) => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: { ...(raw !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(raw) } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // keep text
          }
          done({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', fail);
    if (raw !== undefined) req.write(raw);
    req.end();
  });
}

function signedHeaders(apiKey: string, method: string, path: string, raw: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(12).toString('base64url');
  const bodyHash = createHash('sha256').update(raw).digest('hex');
  const signature = createHmac('sha256', apiKey).update(`${timestamp}\n${nonce}\n${method}\n${path}\n${bodyHash}`).digest('hex');
  return { 'x-api-key': apiKey, 'x-gg-timestamp': timestamp, 'x-gg-nonce': nonce, 'x-gg-signature': signature };
}

function must(res: Res, what: string): any {
  if (res.status >= 300) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

/** Ports the OS has just handed out as free, distinct (a random pick could land on one of this machine's ephemeral ports). */
async function freePorts(count: number): Promise<number[]> {
  const probes = Array.from({ length: count }, () => net.createServer());
  await Promise.all(probes.map((probe) => new Promise<void>((done, fail) => probe.once('error', fail).listen(0, '127.0.0.1', done))));
  const ports = probes.map((probe) => (probe.address() as net.AddressInfo).port);
  await Promise.all(probes.map((probe) => new Promise<void>((done) => probe.close(() => done()))));
  return ports;
}

async function startServer(): Promise<{ url: URL; stop(): Promise<void> }> {
  if (process.env.BENCH_URL) return { url: new URL(process.env.BENCH_URL), stop: async () => {} };
  const [port, pgPort] = (await freePorts(2)) as [number, number];
  const dataDir = mkdtempSync(join(tmpdir(), 'gg-bench-'));
  // mkdtemp makes it owner-only; as root, the embedded PostgreSQL runs as its own user and must reach postgres/ inside.
  chmodSync(dataDir, 0o755);
  const child: ChildProcess = spawn(process.execPath, [resolve('dist/apps/api/src/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ALLOW_SIGNUP: 'true',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = new URL(`http://127.0.0.1:${port}`);
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await request(url, 'GET', '/health')).status === 200) break;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      await new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function seed(url: URL): Promise<{ productId: string; apiKey: string; keys: string[] }> {
  const email = process.env.BENCH_EMAIL ?? `bench-${randomBytes(4).toString('hex')}@example.test`;
  const password = process.env.BENCH_PASSWORD ?? `bench-${randomBytes(12).toString('hex')}`;
  let auth = await request(url, 'POST', '/v1/auth/register', { email, password, orgName: 'Bench' });
  if (auth.status === 403) auth = await request(url, 'POST', '/v1/auth/login', { email, password });
  const session = must(auth, 'register/login');
  const bearer = { authorization: `Bearer ${session.tokens.accessToken}` };
  const orgId = session.org?.id ?? must(await request(url, 'POST', '/v1/dashboard/orgs', { name: 'Bench' }, bearer), 'create org').org.id;
  const product = must(
    await request(
      url,
      'POST',
      `/v1/dashboard/orgs/${orgId}/products`,
      {
        name: 'Bench product',
        code: `BENCH_${randomBytes(3).toString('hex').toUpperCase()}`,
        defaultLicensePolicy: {
          limits: {
            hwid: { mode: 'limit', maxDistinct: 2 },
            ip: { mode: 'limit', maxDistinct: 5, windowDays: 30 },
            concurrency: { mode: 'limit', maxActive: 2, sessionTtlSeconds: 600 },
          },
        },
      },
      bearer,
    ),
    'create product',
  ).product;
  const key = must(
    await request(url, 'POST', `/v1/dashboard/products/${product.id}/api-keys`, { name: 'bench', permissions: ['license:authorize', 'license:assert-ip'], requireSignature: true }, bearer),
    'create API key',
  );
  const keys: string[] = [];
  while (keys.length < LICENSES) {
    const count = Math.min(500, LICENSES - keys.length);
    const created = must(await request(url, 'POST', `/v1/dashboard/orgs/${orgId}/licenses`, { productId: product.id, count }, bearer), 'create licenses');
    keys.push(...(created.licenses as Array<{ key: string }>).map((l) => l.key));
  }
  return { productId: product.id, apiKey: key.key, keys };
}

/**
 * The measured phase's client: one keep-alive HTTP/1.1 connection per worker on a bare socket, so the load
 * generator (which shares the machine's two cores with the server and PostgreSQL) spends as little as it can.
 * It reads the status line and skips the body by content-length (or to the end of a chunked body).
 */
class LeanConnection {
  private socket: net.Socket | null = null;
  private pending: { done(status: number): void; fail(error: Error): void } | null = null;
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly url: URL) {}

  private connect(): net.Socket {
    const socket = net.connect({ host: this.url.hostname, port: Number(this.url.port), noDelay: true });
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.parse();
    });
    const lost = (error?: Error) => {
      this.socket = null;
      this.buffer = Buffer.alloc(0);
      const pending = this.pending;
      this.pending = null;
      pending?.fail(error ?? new Error('connection closed'));
    };
    socket.on('error', lost);
    socket.on('close', () => lost());
    return socket;
  }

  private parse(): void {
    const headerEnd = this.buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0 || !this.pending) return;
    const head = this.buffer.subarray(0, headerEnd).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let end: number;
    if (length) end = headerEnd + 4 + Number(length[1]);
    else {
      const last = this.buffer.indexOf('\r\n0\r\n\r\n', headerEnd);
      end = last < 0 ? Infinity : last + 7;
    }
    if (this.buffer.length < end) return;
    this.buffer = this.buffer.subarray(end);
    const pending = this.pending;
    this.pending = null;
    pending.done(status);
  }

  send(path: string, headers: Record<string, string>, body: string): Promise<number> {
    this.socket ??= this.connect();
    let head = `POST ${path} HTTP/1.1\r\nhost: ${this.url.host}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    return new Promise((done, fail) => {
      this.pending = { done, fail };
      this.socket!.write(`${head}\r\n${body}`);
    });
  }

  close(): void {
    this.socket?.destroy();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const server = await startServer();
  try {
    const { productId, apiKey, keys } = await seed(server.url);
    const ipOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const sendRaw = (raw: string) =>
      new Promise<number>((done, fail) => {
        const path = '/v1/licenses/authorize';
        const req = http.request(
          {
            agent,
            host: server.url.hostname,
            port: server.url.port,
            method: 'POST',
            path,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(raw), ...signedHeaders(apiKey, 'POST', path, raw) },
          },
          (res) => {
            res.resume();
            res.on('end', () => done(res.statusCode ?? 0));
          },
        );
        req.on('error', fail);
        req.end(raw);
      });

    let activated = Math.min(500, keys.length);
    // Warm-up (not measured): the first licenses activate, connections and statement caches warm.
    for (let i = 0; i < activated; i += CONNECTIONS) {
      await Promise.all(
        Array.from({ length: Math.min(CONNECTIONS, activated - i) }, (_, j) =>
          sendRaw(JSON.stringify({ productId, licenseKey: keys[i + j], hwid: `hw-${i + j}`, ip: ipOf(i + j), sessionId: `session-${i + j}` })),
        ),
      );
    }

    const latencies: number[] = [];
    let errors = 0;
    let non2xx = 0;
    const end = Date.now() + SECONDS * 1000;
    const path = '/v1/licenses/authorize';
    const connections: LeanConnection[] = [];
    const worker = async () => {
      const connection = new LeanConnection(server.url);
      connections.push(connection);
      while (Date.now() < end) {
        let i: number;
        if (activated < keys.length && Math.random() < NEW_SHARE) i = activated++;
        else i = Math.floor(Math.random() * activated);
        const raw = JSON.stringify({ productId, licenseKey: keys[i], hwid: `hw-${i}`, ip: ipOf(i), sessionId: `session-${i}` });
        const started = process.hrtime.bigint();
        try {
          const status = await connection.send(path, signedHeaders(apiKey, 'POST', path, raw), raw);
          if (status < 200 || status >= 300) non2xx++;
        } catch {
          errors++;
        }
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    };
    const startedAt = Date.now();
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    const elapsed = (Date.now() - startedAt) / 1000;
    for (const connection of connections) connection.close();
    latencies.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        authorizePerSec: Math.round(latencies.length / elapsed),
        p50Ms: Number(percentile(latencies, 50).toFixed(2)),
        p99Ms: Number(percentile(latencies, 99).toFixed(2)),
        errors,
        non2xx,
      }),
    );
  } finally {
    agent.destroy();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
