import type { OrgRole } from './roles.js';

/** A user as the API shows it; never the password hash. */
export interface UserView {
  id: string;
  email: string;
  name: string | null;
  createdAt: string;
}

/** An organization, with the caller's role in it. */
export interface OrgView {
  id: string;
  name: string;
  role: OrgRole;
  createdAt: string;
  updatedAt: string;
}

/** An entry of `GET /v1/dashboard/me` → `orgs`. */
export interface MembershipView {
  id: string;
  name: string;
  role: OrgRole;
}

/** A member of an organization; `id` is the membership id (`:memberId`). */
export interface MemberView {
  id: string;
  userId: string;
  email: string;
  name: string | null;
  role: OrgRole;
  createdAt: string;
  updatedAt: string;
}

/** An API key as lists show it: never the key nor its hash. */
export interface ApiKeyView {
  id: string;
  productId: string;
  name: string;
  prefix: string;
  permissions: string[];
  requireSignature: boolean;
  createdAt: string;
  revokedAt: string | null;
}

/** An API key with its secret, the one time it is shown (create, rotate). */
export interface ApiKeyWithSecret {
  apiKey: ApiKeyView;
  key: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
  refreshTokenExpiresAt: string;
}
