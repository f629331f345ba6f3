import type { ApiKeyView, MemberView, OrgView, UserView } from '../domain/identity-views.js';
import type { OrgRole } from '../domain/roles.js';

/** Raw rows (snake_case, as `SELECT`ed) and their API shapes. */
export interface UserRow {
  id: string;
  email: string;
  name: string | null;
  created_at: Date;
}
export const USER_COLUMNS = 'id, email, name, created_at';

export function toUserView(row: UserRow): UserView {
  return { id: row.id, email: row.email, name: row.name ?? null, createdAt: row.created_at.toISOString() };
}

export interface OrgRow {
  id: string;
  name: string;
  role: OrgRole;
  created_at: Date;
  updated_at: Date;
}

export function toOrgView(row: OrgRow): OrgView {
  return { id: row.id, name: row.name, role: row.role, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

export interface MemberRow {
  id: string;
  user_id: string;
  email: string;
  name: string | null;
  role: OrgRole;
  created_at: Date;
  updated_at: Date;
}
/** Columns of `org_members m JOIN users u`. */
export const MEMBER_COLUMNS = 'm.id, m.user_id, u.email, u.name, m.role, m.created_at, m.updated_at';

export function toMemberView(row: MemberRow): MemberView {
  return {
    id: row.id,
    userId: row.user_id,
    email: row.email,
    name: row.name ?? null,
    role: row.role,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface ApiKeyRow {
  id: string;
  product_id: string;
  name: string;
  prefix: string;
  permissions: string[];
  require_signature: boolean;
  created_at: Date;
  revoked_at: Date | null;
}
/** Everything of `api_keys` but the hash. */
export const API_KEY_COLUMNS = 'id, product_id, name, prefix, permissions, require_signature, created_at, revoked_at';

export function toApiKeyView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    productId: row.product_id,
    name: row.name,
    prefix: row.prefix,
    permissions: row.permissions,
    requireSignature: row.require_signature,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
  };
}
