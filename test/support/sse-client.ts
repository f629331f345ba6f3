import http, { type ClientRequest, type IncomingMessage } from 'node:http';

export interface SseMessage {
  id: string | null;
  event: string | null;
  data: string;
}

/**
 * A Server-Sent Events reader for tests, on node:http so the socket can be paused (a slow consumer) and
 * closed at will. Parses frames as the EventSource spec does (fields, comments, blank-line dispatch).
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  /** The `retry:` advice, if any. */
  retry: number | null = null;
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  ended = false;
  body = '';
  private req: ClientRequest | null = null;
  private res: IncomingMessage | null = null;
  private buffer = '';
  private current: { id: string | null; event: string | null; data: string[] } = { id: null, event: null, data: [] };
  private readonly ready: Promise<void>;
  private readonly endedPromise: Promise<void>;

  constructor(url: string, headers: Record<string, string> = {}) {
    let resolveReady!: () => void;
    let rejectReady!: (e: Error) => void;
    let resolveEnded!: () => void;
    this.ready = new Promise((resolve, reject) => ((resolveReady = resolve), (rejectReady = reject)));
    this.endedPromise = new Promise((resolve) => (resolveEnded = resolve));
    this.req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      this.res = res;
      this.status = res.statusCode ?? 0;
      this.headers = res.headers;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (this.status !== 200) this.body += chunk;
        else this.feed(chunk);
      });
      const done = () => {
        this.ended = true;
        resolveEnded();
      };
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
      resolveReady();
    });
    this.req.on('error', (error) => {
      rejectReady(error);
      this.ended = true;
      resolveEnded();
    });
  }

  /** Resolves once the response headers are in. */
  async opened(): Promise<this> {
    await this.ready;
    return this;
  }

  /** Event messages parsed as JSON. */
  events(): Array<{ id: string; type: string; [k: string]: unknown }> {
    return this.messages.map((m) => JSON.parse(m.data));
  }

  ids(): string[] {
    return this.messages.map((m) => m.id!);
  }

  pause(): void {
    this.res?.pause();
  }

  resume(): void {
    this.res?.resume();
  }

  close(): void {
    this.req?.destroy();
  }

  waitForEnd(): Promise<void> {
    return this.endedPromise;
  }

  async waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (have ${this.messages.length} messages, ${this.comments.length} comments)`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\n|\r/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + (this.buffer.startsWith('\r\n', newline) ? 2 : 1));
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.current.data.length > 0) this.messages.push({ id: this.current.id, event: this.current.event, data: this.current.data.join('\n') });
      this.current = { id: null, event: null, data: [] };
      return;
    }
    if (line.startsWith(':')) {
      this.comments.push(line.slice(1).trim());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') this.current.id = value;
    else if (field === 'event') this.current.event = value;
    else if (field === 'data') this.current.data.push(value);
    else if (field === 'retry') this.retry = Number(value);
  }
}
