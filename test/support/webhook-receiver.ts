import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  /** The status the receiver answered with (null: it never answered). */
  answeredWith: number | null;
}

/** How the receiver answers the n-th request (0-based): a status, or a function writing the response itself. */
export type Responder = (request: ReceivedRequest, index: number) => number | ((res: ServerResponse) => void);

/** A local HTTP server standing in for a webhook consumer: records every request and answers as told. */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private server: Server | null = null;
  private readonly hanging = new Set<ServerResponse>();
  url = '';

  constructor(public respond: Responder = () => 200) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: unknown = undefined;
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = rawBody;
        }
        const entry: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody, body, answeredWith: null };
        const index = this.requests.length;
        this.requests.push(entry);
        const answer = this.respond(entry, index);
        if (typeof answer === 'number') {
          entry.answeredWith = answer;
          res.writeHead(answer, { 'content-type': 'text/plain' });
          res.end('ok');
        } else {
          this.hanging.add(res);
          res.on('close', () => this.hanging.delete(res));
          answer(res);
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Requests carrying the given event type. */
  of(event: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.headers['x-gg-event'] === event);
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
