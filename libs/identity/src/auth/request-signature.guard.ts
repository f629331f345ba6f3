import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '@geckoguard/core';
import type { GuardedRequest } from './principal.js';
import { signatureRefusal } from './request-signature.js';

export const SIGNATURE_REQUIRED_KEY = 'geckoguard:signature-required';
/** Marks a route whose every request must be signed, whatever the key (authorize, sessions/end). */
export const RequireSignature = () => SetMetadata(SIGNATURE_REQUIRED_KEY, true);

export { NONCE_TTL_SECONDS, SIGNATURE_WINDOW_SECONDS, signatureBaseString, signRequest } from './request-signature.js';

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
    const refusal = signatureRefusal(check);
    if (refusal) throw refusal;
    if (check.state === 'valid' && !check.nonceFresh) throw new AppError('NONCE_REUSED', 'This nonce was already used');
    return true;
  }
}
