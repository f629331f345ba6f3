import type { Actor } from '@geckoguard/audit';
import type { FastifyRequest } from 'fastify';
import type { ApiKeyPermission } from '../domain/api-key-permissions.js';
import type { OrgRole } from '../domain/roles.js';
import type { SignatureCheck } from './request-signature.js';

/** The organization a dashboard route resolved, and the caller's role in it. */
export interface OrgAccess {
  orgId: string;
  role: OrgRole;
}

export interface UserPrincipal {
  userId: string;
  /** The login the access token belongs to (absent on tokens minted without one). */
  familyId?: string;
}

export interface ApiKeyPrincipal {
  id: string;
  name: string;
  orgId: string;
  productId: string;
  permissions: ApiKeyPermission[];
  requireSignature: boolean;
}

/** What the guards attach to the request. */
export interface GuardedRequest extends FastifyRequest {
  user?: UserPrincipal | ApiKeyPrincipal;
  principal?: { kind: 'user'; user: UserPrincipal } | { kind: 'api_key'; apiKey: ApiKeyPrincipal };
  /** Set by the org-access guard: the organization the route acts in and the caller's role there. */
  orgAccess?: OrgAccess;
  rawBody?: Buffer;
  /** Set with the API key: what its signature headers say and whether the nonce was new. */
  signatureCheck?: SignatureCheck;
}

export function actorOf(req: GuardedRequest): Actor {
  if (req.principal?.kind === 'user') return { type: 'user', id: req.principal.user.userId };
  if (req.principal?.kind === 'api_key') return { type: 'api_key', id: req.principal.apiKey.id };
  return { type: 'client', id: null };
}
