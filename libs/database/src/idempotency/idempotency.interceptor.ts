import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, Clock, ok, RawBody, toErrorResponse } from '@geckoguard/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defer, lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { IDEMPOTENT_METADATA, IDEMPOTENT_REPLAYED_HEADER, IDEMPOTENCY_KEY_HEADER, readIdempotencyKey, requestHash } from './idempotency-key.js';
import { type IdempotencyRecordId, IdempotencyStore } from './idempotency-store.js';

/** The parts of the guarded request this lib reads (identity's `GuardedRequest`, without depending on it). */
interface ScopedRequest extends FastifyRequest {
  orgAccess?: { orgId: string };
  principal?: { kind: 'user'; user: { userId: string } } | { kind: 'api_key'; apiKey: { orgId: string } };
}

/** Dashboard routes act in the org the access guard resolved; API keys in their own org; else the user. */
function scopeOf(req: ScopedRequest): string | null {
  if (req.orgAccess) return req.orgAccess.orgId;
  if (req.principal?.kind === 'api_key') return req.principal.apiKey.orgId;
  if (req.principal?.kind === 'user') return `user:${req.principal.user.userId}`;
  return null;
}

/**
 * `Idempotency-Key` for creating POSTs (API.md §1). Runs after the guards (so the organization is known)
 * and around the validation pipe and the handler, so a 400 or 409 the first request got is replayed too.
 * The key is claimed before the handler runs; the response is stored after it; a 5xx or an unexpected error
 * gives the key back so the retry can run.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');
  private readonly store: IdempotencyStore;

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
    private readonly reflector: Reflector,
  ) {
    this.store = new IdempotencyStore(dataSource);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const marked = this.reflector.getAllAndOverride<boolean | undefined>(IDEMPOTENT_METADATA, [context.getHandler(), context.getClass()]);
    const req = context.switchToHttp().getRequest<ScopedRequest>();
    if (!marked || req.method !== 'POST') return next.handle();
    const key = readIdempotencyKey(req.headers[IDEMPOTENCY_KEY_HEADER]);
    if (key === null) return next.handle();
    if (key === 'invalid') {
      throw AppError.validation([{ path: 'Idempotency-Key', message: 'Idempotency-Key must be a single header of 1 to 255 characters' }]);
    }
    const scope = scopeOf(req);
    if (!scope) return next.handle();
    const id: IdempotencyRecordId = { scope, method: req.method, path: req.url.split('?')[0]!.slice(0, 500), key };
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return defer(() => this.run(id, requestHash(req.body), reply, next));
  }

  private async run(id: IdempotencyRecordId, hash: string, reply: FastifyReply, next: CallHandler): Promise<unknown> {
    const outcome = await this.store.claim(id, hash, this.clock.now());
    switch (outcome.kind) {
      case 'key_reused':
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request body');
      case 'in_progress':
        throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still being processed');
      case 'replay':
        void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
        return new RawBody(outcome.body, outcome.statusCode);
      case 'claimed':
        break;
    }

    let result: unknown;
    try {
      result = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      if (error instanceof AppError && error.status < 500) await this.settle(id, error.status, toErrorResponse(error).body);
      else await this.release(id);
      throw error;
    }
    // What the envelope interceptor will send: RawBody as is, anything else wrapped in `{ok, data}`.
    const status = result instanceof RawBody && result.status !== undefined ? result.status : reply.statusCode;
    const body = result instanceof RawBody ? result.body : status === 204 ? null : ok(result ?? null);
    if (status >= 500) await this.release(id);
    else await this.settle(id, status, body);
    return result;
  }

  private async settle(id: IdempotencyRecordId, status: number, body: unknown): Promise<void> {
    try {
      await this.store.complete(id, status, body);
    } catch (error) {
      // The request itself succeeded; a lost record only means a retry is not recognised.
      this.logger.error(`storing the idempotent response failed: ${String(error)}`);
      await this.release(id);
    }
  }

  private async release(id: IdempotencyRecordId): Promise<void> {
    try {
      await this.store.release(id);
    } catch (error) {
      this.logger.error(`releasing an idempotency key failed: ${String(error)}`);
    }
  }
}
