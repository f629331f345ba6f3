/**
 * A minimal audit stream consumer (API.md §9): follows GET /v1/dashboard/orgs/:orgId/audit-events/stream,
 * handles each event, and keeps its place in a cursor file, so after a restart (or a dropped connection) it
 * resumes right after the last event it handled: nothing missed, nothing twice.
 *
 *   npm run build
 *   GG_URL=http://127.0.0.1:3000 GG_TOKEN=<access token> GG_ORG_ID=<org id> GG_CURSOR_FILE=./audit.cursor \
 *     node dist/examples/audit-consumer.js
 *
 * Settings (environment):
 *   GG_URL            server base URL (default http://127.0.0.1:3000)
 *   GG_TOKEN          an access token of a member (VIEWER or higher) of the organization
 *   GG_REFRESH_TOKEN  optional: used when the access token expires (refresh tokens rotate: the current one is
 *                     kept in <cursor file>.refresh, which wins over this variable on later starts)
 *   GG_ORG_ID         the organization whose events to follow (required)
 *   GG_CURSOR_FILE    where the cursor is kept (default ./audit-consumer.cursor)
 *   GG_EVENT_TYPE, GG_PRODUCT_ID, GG_LICENSE_ID   optional filters, as on the cursor API
 *
 * "Handling" here prints each event as one JSON line on stdout; replace handle() with your own. The cursor
 * is written (atomically: a temporary file, then a rename) right after each event is handled, so a stop with
 * Ctrl-C / SIGTERM, which lets the event in hand finish, never repeats or skips one. Only a hard crash between
 * handle() and the write can repeat that single event: make handle() idempotent (the event id is unique) if
 * that matters. Exits 0 after a clean stop, 2 when it cannot run (settings, credentials).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface AuditEvent {
  id: string;
  type: string;
  orgId: string;
  productId: string | null;
  licenseId: string | null;
  actor: { type: string; id: string | null };
  data: Record<string, unknown>;
  occurredAt: string;
}

interface Settings {
  url: string;
  orgId: string;
  cursorFile: string;
  query: string;
}

function fail(message: string): never {
  process.stderr.write(`audit-consumer: ${message}\n`);
  process.exit(2);
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  const orgId = env.GG_ORG_ID?.trim();
  if (!orgId) fail('GG_ORG_ID is required');
  if (!env.GG_TOKEN && !env.GG_REFRESH_TOKEN) fail('GG_TOKEN (or GG_REFRESH_TOKEN) is required');
  const filters = new URLSearchParams();
  if (env.GG_EVENT_TYPE) filters.set('type', env.GG_EVENT_TYPE);
  if (env.GG_PRODUCT_ID) filters.set('productId', env.GG_PRODUCT_ID);
  if (env.GG_LICENSE_ID) filters.set('licenseId', env.GG_LICENSE_ID);
  return {
    url: (env.GG_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    orgId,
    cursorFile: resolve(env.GG_CURSOR_FILE ?? 'audit-consumer.cursor'),
    query: filters.size > 0 ? `?${filters}` : '',
  };
}

/** Replace with your own processing. */
function handle(event: AuditEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/** Writes `content` to `file` so that a crash leaves either the old or the new content, never half of it. */
function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  renameSync(temporary, file);
}

class Credentials {
  private accessToken: string | null;
  private refreshToken: string | null;

  constructor(
    private readonly url: string,
    private readonly refreshFile: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.accessToken = env.GG_TOKEN ?? null;
    this.refreshToken = existsSync(refreshFile) ? readFileSync(refreshFile, 'utf8').trim() : (env.GG_REFRESH_TOKEN ?? null);
  }

  header(): string {
    return `Bearer ${this.accessToken ?? ''}`;
  }

  /** After a 401: trade the refresh token for new tokens, if there is one. */
  async refresh(): Promise<boolean> {
    if (!this.refreshToken) return false;
    const res = await fetch(`${this.url}/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: this.refreshToken }),
    });
    if (!res.ok) return false;
    const { data } = (await res.json()) as { data: { tokens: { accessToken: string; refreshToken: string } } };
    this.accessToken = data.tokens.accessToken;
    this.refreshToken = data.tokens.refreshToken;
    writeAtomically(this.refreshFile, this.refreshToken);
    return true;
  }
}

/** Splits a Server-Sent Events body into messages (id, event, data), following the EventSource rules. */
class SseParser {
  private buffer = '';
  private id: string | null = null;
  private event = 'message';
  private data: string[] = [];
  retryMs: number | null = null;

  constructor(private readonly onMessage: (id: string | null, event: string, data: string) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.search(/\r\n|\r|\n/); end >= 0; end = this.buffer.search(/\r\n|\r|\n/)) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0) this.onMessage(this.id, this.event, this.data.join('\n'));
      this.id = null;
      this.event = 'message';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return; // a comment: the server's heartbeat
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') this.id = value;
    else if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
  }
}

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  const credentials = new Credentials(settings.url, `${settings.cursorFile}.refresh`, process.env);
  let cursor = existsSync(settings.cursorFile) ? readFileSync(settings.cursorFile, 'utf8').trim() : '0';
  if (!/^\d+$/.test(cursor)) fail(`${settings.cursorFile} does not hold an event id`);

  let stopping = false;
  const abort = new AbortController();
  const stop = () => {
    stopping = true;
    abort.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  let delayMs = 1000;
  while (!stopping) {
    try {
      const res = await fetch(`${settings.url}/v1/dashboard/orgs/${settings.orgId}/audit-events/stream${settings.query}`, {
        headers: { authorization: credentials.header(), accept: 'text/event-stream', 'last-event-id': cursor },
        signal: abort.signal,
      });
      if (res.status === 401) {
        if (await credentials.refresh()) continue;
        fail('the server refused the credentials (401); set GG_TOKEN, or GG_REFRESH_TOKEN to renew it');
      }
      if (res.status === 400 || res.status === 403 || res.status === 404) fail(`the server refused the request (${res.status}): ${await res.text()}`);
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      process.stderr.write(`audit-consumer: following ${settings.orgId} after ${cursor}\n`);
      delayMs = 1000;
      const parser = new SseParser((id, _event, data) => {
        // The signal handler runs between messages, never inside one: each event is handled and recorded whole.
        const event = JSON.parse(data) as AuditEvent;
        handle(event);
        cursor = id ?? event.id;
        writeAtomically(settings.cursorFile, cursor);
      });
      const decoder = new TextDecoder();
      for await (const chunk of res.body) parser.push(decoder.decode(chunk as Uint8Array, { stream: true }));
      if (parser.retryMs !== null) delayMs = parser.retryMs;
      process.stderr.write('audit-consumer: the stream ended; reconnecting\n');
    } catch (error) {
      if (stopping) break;
      process.stderr.write(`audit-consumer: ${(error as Error).message}; reconnecting in ${delayMs} ms\n`);
    }
    if (stopping) break;
    await new Promise((r) => setTimeout(r, delayMs));
    delayMs = Math.min(delayMs * 2, 30_000);
  }
  process.stderr.write(`audit-consumer: stopped after ${cursor}\n`);
  process.exit(0);
}

void main();
