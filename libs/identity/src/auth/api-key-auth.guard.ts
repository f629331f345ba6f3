import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { unknownKey } from './api-key-in-handler.js';
import type { ApiKeyPrincipal, GuardedRequest } from './principal.js';

@Injectable()
export class ApiKeyAuthGuard extends AuthGuard('api-key') {
  override handleRequest<T = ApiKeyPrincipal>(err: unknown, key: T | false, _info: unknown, context: ExecutionContext): T {
    // A failing lookup (database down) is the server's problem, not a bad credential: let it surface as such.
    if (err) throw err;
    if (!key) throw unknownKey();
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    req.principal = { kind: 'api_key', apiKey: key as unknown as ApiKeyPrincipal };
    return key;
  }
}
