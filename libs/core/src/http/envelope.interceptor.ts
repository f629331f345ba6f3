import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { DECISION_REASON, ok, RawBody, type DecisionMarked } from './envelope.js';

/** Wraps controller results in the §1 success envelope; `RawBody` results pass through unwrapped. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (result instanceof RawBody) {
          if (result.status !== undefined) reply.status(result.status);
          if (result.reasonCode !== undefined) http.getRequest<FastifyRequest & DecisionMarked>()[DECISION_REASON] = result.reasonCode;
          return result.body;
        }
        if (reply.statusCode === 204) return undefined;
        return ok(result ?? null);
      }),
    );
  }
}
