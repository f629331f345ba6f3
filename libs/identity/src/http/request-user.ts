import { AppError } from '@geckoguard/core';
import type { GuardedRequest, OrgAccess } from '../auth/principal.js';

/** The logged-in user of a route behind `UserAccess()` or `DashboardAccess()`. */
export function userIdOf(req: GuardedRequest): string {
  if (req.principal?.kind !== 'user') throw new AppError('UNAUTHORIZED', 'A valid access token is required');
  return req.principal.user.userId;
}

/** The login (refresh-token family) the caller's access token was issued for; null for a token from before logins were tracked. */
export function familyOf(req: GuardedRequest): string | null {
  return req.principal?.kind === 'user' ? (req.principal.user.familyId ?? null) : null;
}

/** The org the access guard resolved (from `:orgId` or from the product) and the caller's role in it. */
export function orgAccessOf(req: GuardedRequest): OrgAccess {
  if (!req.orgAccess) throw new AppError('UNAUTHORIZED', 'A valid access token is required');
  return req.orgAccess;
}
