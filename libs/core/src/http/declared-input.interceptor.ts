import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { GUARDS_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/internal.js';
import type { Observable } from 'rxjs';
import { bodyShapeRefusal, unknownFieldsRefusal } from '../validation/validation.pipe.js';

interface DeclaredInput {
  body: boolean;
  query: boolean;
  /** Guards check the credentials before this runs; without any, the handler checks them itself, or takes none. */
  guarded: boolean;
}

/** Whether a handler takes a body and a query at all, read once per handler from its parameter decorators. */
const declared = new WeakMap<object, DeclaredInput>();

function declaredInput(context: ExecutionContext): DeclaredInput {
  const handler = context.getHandler();
  let input = declared.get(handler);
  if (!input) {
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as Record<string, unknown>;
    const kinds = Object.keys(args).map((key) => key.split(':')[0]);
    const guards = [Reflect.getMetadata(GUARDS_METADATA, handler), Reflect.getMetadata(GUARDS_METADATA, context.getClass())] as Array<unknown[] | undefined>;
    input = {
      body: kinds.includes(String(RouteParamtypes.BODY)),
      query: kinds.includes(String(RouteParamtypes.QUERY)),
      guarded: guards.some((list) => (list?.length ?? 0) > 0),
    };
    declared.set(handler, input);
  }
  return input;
}

/**
 * API.md §1: unknown fields are 400 VALIDATION_ERROR. The validation pipe sees only the bodies and queries a handler
 * declares; this refuses the rest: a body sent to an action that takes none (revoke, unlock, logout without a
 * token, ...) unless it is empty or `{}`, and query parameters on a guarded route that reads none. It runs after
 * the guards, so credentials and permissions are judged first. Routes without guards keep ignoring a query: authorize
 * and /licensing/* judge their credentials in the handler, after this would run, and health probes and scrapers may
 * add parameters of their own (a cache-buster).
 */
@Injectable()
export class DeclaredInputInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<{ body?: unknown; query?: Record<string, unknown> }>();
    const input = declaredInput(context);
    if (!input.body && request.body !== undefined) {
      const shape = bodyShapeRefusal(request.body);
      if (shape) throw shape;
      const fields = Object.keys(request.body as object);
      if (fields.length > 0) throw unknownFieldsRefusal(fields);
    }
    if (input.guarded && !input.query && request.query && Object.keys(request.query).length > 0) throw unknownFieldsRefusal(Object.keys(request.query));
    return next.handle();
  }
}
