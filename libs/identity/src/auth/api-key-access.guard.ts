import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '@geckoguard/core';
import { permissionDenied, unknownKey } from './api-key-in-handler.js';
import type { ApiKeyPermission } from '../domain/api-key-permissions.js';
import type { GuardedRequest } from './principal.js';

export const API_KEY_PERMISSION_KEY = 'geckoguard:api-key-permission';
export const RequirePermission = (permission: ApiKeyPermission) => SetMetadata(API_KEY_PERMISSION_KEY, permission);

/**
 * An API key acts only on its own product: a `:productId` path parameter naming another product is 404
 * (before the permission check, as for dashboard membership); a missing permission is 403 PERMISSION_DENIED.
 */
@Injectable()
export class ApiKeyAccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    if (req.principal?.kind !== 'api_key') throw unknownKey();
    const key = req.principal.apiKey;
    const productId = (req.params as Record<string, string> | undefined)?.productId;
    if (productId !== undefined && productId !== key.productId) throw AppError.notFound('Product');
    const permission = this.reflector.getAllAndOverride<ApiKeyPermission | undefined>(API_KEY_PERMISSION_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (permission && !key.permissions.includes(permission)) {
      throw permissionDenied(permission);
    }
    return true;
  }
}
