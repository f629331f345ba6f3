import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { AppError } from '@geckoguard/core';
import type { ApiKeyPrincipal, GuardedRequest } from './principal.js';

@Injectable()
export class ApiKeyAuthGuard extends AuthGuard('api-key') {
  override handleRequest<T = ApiKeyPrincipal>(err: unknown, key: T | false, _info: unknown, context: ExecutionContext): T {
    if (err || !key) throw new AppError('UNAUTHORIZED', 'A valid API key is required (X-Api-Key)');
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    req.principal = { kind: 'api_key', apiKey: key as unknown as ApiKeyPrincipal };
    return key;
  }
}
