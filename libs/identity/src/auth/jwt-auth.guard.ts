import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { AppError } from '@geckoguard/core';
import type { GuardedRequest, UserPrincipal } from './principal.js';

/** Dashboard routes: a user's access token. An API key here is 401, like a missing token, also next to a token. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  override canActivate(context: ExecutionContext) {
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    // API.md §2 puts the rule on /v1/dashboard/*; /v1/auth/logout and /password take a user token and ignore the rest.
    if (req.headers['x-api-key'] !== undefined && req.url.startsWith('/v1/dashboard/')) {
      throw new AppError('UNAUTHORIZED', 'API keys are not accepted under /v1/dashboard: send a user access token alone');
    }
    return super.canActivate(context);
  }

  override handleRequest<T = UserPrincipal>(err: unknown, user: T | false, info: unknown, context: ExecutionContext): T {
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    if (err || !user) {
      if ((info as { name?: string } | undefined)?.name === 'TokenExpiredError') {
        throw new AppError('EXPIRED_TOKEN', 'Access token has expired');
      }
      throw new AppError('UNAUTHORIZED', 'A valid access token is required');
    }
    req.principal = { kind: 'user', user: user as unknown as UserPrincipal };
    return user;
  }
}
