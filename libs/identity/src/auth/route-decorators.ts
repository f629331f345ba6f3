import { applyDecorators, createParamDecorator, type ExecutionContext, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import type { ApiKeyPermission } from '../domain/api-key-permissions.js';
import type { OrgRole } from '../domain/roles.js';
import { ApiKeyAccessGuard, RequirePermission } from './api-key-access.guard.js';
import { unknownKey } from './api-key-in-handler.js';
import { ApiKeyAuthGuard } from './api-key-auth.guard.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { OrgAccessGuard, RequireOrgAccess, type OrgScope } from './org-access.guard.js';
import { actorOf, type ApiKeyPrincipal, type GuardedRequest, type OrgAccess } from './principal.js';
import { RequestSignatureGuard, RequireSignature } from './request-signature.guard.js';
import { orgAccessOf } from '../http/request-user.js';

/** A dashboard route: access token → membership (404) → role (403), checked in that order. */
export function DashboardAccess(role: OrgRole, scope?: OrgScope) {
  return applyDecorators(RequireOrgAccess(role, scope), UseGuards(JwtAuthGuard, OrgAccessGuard), ApiBearerAuth());
}

/** A dashboard route that needs only a logged-in user (no organization). */
export function UserAccess() {
  return applyDecorators(UseGuards(JwtAuthGuard), ApiBearerAuth());
}

/** An API-key route: key (401) → signature (401) → product scope (404) → permission (403). */
export function ApiKeyAccess(permission?: ApiKeyPermission, opts: { signed?: boolean } = {}) {
  const decorators = [
    UseGuards(ApiKeyAuthGuard, RequestSignatureGuard, ApiKeyAccessGuard),
    ApiSecurity('apiKey'),
  ];
  if (permission) decorators.push(RequirePermission(permission));
  if (opts.signed) decorators.push(RequireSignature());
  return applyDecorators(...decorators);
}

/** The audit actor of the request (user or API key). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext) => actorOf(ctx.switchToHttp().getRequest<GuardedRequest>()));

/** The API key of an `@ApiKeyAccess` route: its id, organization, product and permissions. */
export const CurrentApiKey = createParamDecorator((_: unknown, ctx: ExecutionContext): ApiKeyPrincipal => {
  const req = ctx.switchToHttp().getRequest<GuardedRequest>();
  if (req.principal?.kind !== 'api_key') throw unknownKey();
  return req.principal.apiKey;
});

/** The organization a `DashboardAccess` route resolved (from `:orgId` or from the resource) and the caller's role in it. */
export const CurrentOrgAccess = createParamDecorator((_: unknown, ctx: ExecutionContext): OrgAccess =>
  orgAccessOf(ctx.switchToHttp().getRequest<GuardedRequest>()),
);

/** The id of the organization a `DashboardAccess` route resolved. */
export const CurrentOrgId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => orgAccessOf(ctx.switchToHttp().getRequest<GuardedRequest>()).orgId);

/** The guarded request itself: principal, org access, raw body. */
export const Guarded = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<GuardedRequest>());
