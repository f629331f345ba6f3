import http from 'node:http';
import https from 'node:https';
import { Injectable } from '@nestjs/common';
import { BlockedAddressError, WebhookAddressGuard } from './webhook-address-guard.js';

export interface WebhookRequest {
  url: string;
  event: string;
  deliveryId: string;
  signature: string;
  body: string;
}

export interface WebhookOutcome {
  /** A 2xx answer. */
  ok: boolean;
  responseStatus: number | null;
  error: string | null;
  /** The attempt was cut short by the server shutting down, not by the receiver. */
  interrupted?: boolean;
}

/** Sends one delivery: POST, no redirects followed, the whole exchange within `timeoutMs` (10 s). */
@Injectable()
export class WebhookSender {
  timeoutMs = 10_000;
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(private readonly addresses: WebhookAddressGuard) {}

  /** Shutdown: cut every request short, and start no more; their deliveries are retried (by this or another process). */
  abortAll(): void {
    this.closed = true;
    for (const controller of this.inFlight) controller.abort();
  }

  async send(request: WebhookRequest): Promise<WebhookOutcome> {
    if (this.closed) return { ok: false, responseStatus: null, error: 'Interrupted by server shutdown', interrupted: true };
    const url = new URL(request.url);
    let lookup;
    try {
      lookup = this.addresses.connectLookup(url);
    } catch (error) {
      return { ok: false, responseStatus: null, error: `Refused: ${(error as Error).message}` };
    }
    const controller = new AbortController();
    this.inFlight.add(controller);
    try {
      return await new Promise<WebhookOutcome>((resolve) => {
        let settled = false;
        const finish = (outcome: WebhookOutcome) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(outcome);
        };
        const body = Buffer.from(request.body);
        // http.request never follows redirects: a 3xx is an answer like any other non-2xx.
        const req = (url.protocol === 'https:' ? https : http).request(url, {
          method: 'POST',
          agent: false,
          lookup,
          signal: controller.signal,
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            'user-agent': 'GeckoGuard-Webhooks/1',
            'x-gg-event': request.event,
            'x-gg-delivery': request.deliveryId,
            'x-gg-signature': request.signature,
          },
        });
        const timer = setTimeout(() => {
          finish({ ok: false, responseStatus: null, error: `Timed out after ${this.timeoutMs / 1000} s` });
          req.destroy();
        }, this.timeoutMs);
        req.on('response', (res) => {
          const status = res.statusCode ?? 0;
          // The answer's body is not needed; reading it to the end lets the exchange finish cleanly.
          res.resume();
          res.on('end', () => {
            const ok = status >= 200 && status < 300;
            let error: string | null = null;
            if (status >= 300 && status < 400) error = `Redirect (${status}) not followed${res.headers.location ? ` to ${String(res.headers.location).slice(0, 200)}` : ''}`;
            else if (!ok) error = `HTTP ${status}`;
            finish({ ok, responseStatus: status, error });
            req.destroy();
          });
          res.on('error', () => finish({ ok: false, responseStatus: status, error: 'The response broke off' }));
        });
        req.on('error', (error: Error) => {
          if (controller.signal.aborted) return finish({ ok: false, responseStatus: null, error: 'Interrupted by server shutdown', interrupted: true });
          const message = error instanceof BlockedAddressError ? `Refused: ${error.message}` : error.message || 'Request failed';
          finish({ ok: false, responseStatus: null, error: message.slice(0, 500) });
        });
        req.end(body);
      });
    } finally {
      this.inFlight.delete(controller);
    }
  }
}
