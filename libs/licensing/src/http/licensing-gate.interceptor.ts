import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { RawBody, UnreadableBody } from '@geckoguard/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, of, switchMap, type Observable } from 'rxjs';
import { MISSING_TOKEN_BODY } from '../domain/licensing-response.js';
import { LicensingThrottle } from './licensing-throttle.js';

type PresentedToken = { kind: 'missing' } | { kind: 'token'; token: string } | { kind: 'malformed' };

/**
 * Absent, null or blank is "missing"; a wrong type, or a body that is no readable JSON, is left to validation
 * (400 VALIDATION_ERROR) and counts per IP only.
 */
function presentedToken(body: unknown): PresentedToken {
  if (body instanceof UnreadableBody) return { kind: 'malformed' };
  const token = body && typeof body === 'object' ? (body as Record<string, unknown>).licenseToken : undefined;
  if (token === undefined || token === null || (typeof token === 'string' && token.trim() === '')) return { kind: 'missing' };
  return typeof token === 'string' ? { kind: 'token', token } : { kind: 'malformed' };
}

/**
 * Runs before the validation pipe on every /licensing/* route: counts the call against the rate limits
 * (setting the X-Ratelimit-* headers, or refusing with 429), then answers a call without a license token
 * with the protocol's own 400 body `{ error: "license token field is required." }` instead of the §1 envelope.
 */
@Injectable()
export class LicensingGateInterceptor implements NestInterceptor {
  constructor(private readonly throttle: LicensingThrottle) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const presented = presentedToken(request.body);
    return from(this.throttle.check(request.ip, presented.kind === 'token' ? presented.token : null)).pipe(
      switchMap((headers) => {
        for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
        if (presented.kind === 'missing') return of(new RawBody(MISSING_TOKEN_BODY, 400));
        return next.handle();
      }),
    );
  }
}
