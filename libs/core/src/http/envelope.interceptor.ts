import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { ok, RawBody } from './envelope.js';

/** Wraps controller results in the §1 success envelope; `RawBody` results pass through unwrapped. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (result instanceof RawBody) {
          if (result.status !== undefined) reply.status(result.status);
          return result.body;
        }
        if (reply.statusCode === 204) return undefined;
        return ok(result ?? null);
      }),
    );
  }
}
