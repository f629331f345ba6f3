import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { Reflector } from '@nestjs/core';
import { AppError } from '@geckoguard/core';
import type { GuardedRequest } from './principal.js';
import type { NonceRouteConfig } from './request-signature.js';

export const SIGNATURE_REQUIRED_KEY = 'geckoguard:signature-required';
/** Marks a route whose every request must be signed, whatever the key (authorize, sessions/end). */
export const RequireSignature = () => SetMetadata(SIGNATURE_REQUIRED_KEY, true);

export { NONCE_TTL_SECONDS, SIGNATURE_WINDOW_SECONDS, signatureBaseString, signRequest } from './request-signature.js';

/**
 * The route's handler claims the request's nonce in its own transaction (`req.signatureCheck` carries it),
 * so a signed call commits once. A replay is then refused by the handler, after the permission and body
 * checks rather than before them.
 */
export const ClaimNonceInHandler = () => applyDecorators(RouteConfig({ claimNonceInHandler: true } satisfies NonceRouteConfig));

/**
 * API.md §2 request signing. Signed requests are verified whenever signature headers are present; they are
 * required on routes marked `@RequireSignature()` and for keys created with `requireSignature`.
 * The nonce is recorded per key; a nonce seen within its 600 s window is a replay.
 */
@Injectable()
export class RequestSignatureGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    if (req.principal?.kind !== 'api_key') return true;
    const key = req.principal.apiKey;
    const routeRequires = this.reflector.getAllAndOverride<boolean | undefined>(SIGNATURE_REQUIRED_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    // The API-key strategy already checked the headers and claimed the nonce in its one round trip.
    const check = req.signatureCheck ?? { state: 'absent' };
    if (check.state === 'absent' && !routeRequires && !key.requireSignature) return true;
    if (check.state === 'absent' || check.state === 'incomplete') {
      throw new AppError('SIGNATURE_REQUIRED', 'This request must be signed (X-GG-Timestamp, X-GG-Nonce, X-GG-Signature)');
    }
    if (check.state === 'invalid') throw new AppError('SIGNATURE_INVALID', check.message);
    if (check.deferred) return true;
    if (!check.nonceFresh) throw new AppError('NONCE_REUSED', 'This nonce was already used');
    return true;
  }
}
