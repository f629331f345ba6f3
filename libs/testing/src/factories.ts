import { randomBytes, randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { sha256Hex } from '@geckoguard/core';
import type { TestApp } from './test-app.js';

export type Role = 'VIEWER' | 'DEV' | 'ADMIN' | 'OWNER';

export interface TestUser {
  userId: string;
  email: string;
  token: string;
}

/** Mints an access token the way the server does (HS256, `typ: access`). */
export function accessTokenFor(t: TestApp, userId: string, expiresInSeconds = 900): string {
  return new JwtService({ secret: t.config.jwtSecret }).sign({ sub: userId, typ: 'access' }, { expiresIn: expiresInSeconds, algorithm: 'HS256' });
}

/** Inserts a user directly (no password login possible) and returns an access token for it. */
export async function insertUser(t: TestApp): Promise<TestUser> {
  const email = `user-${randomUUID()}@example.test`;
  const rows = (await t.dataSource.query(`INSERT INTO users (email, password_hash) VALUES ($1, 'no-login') RETURNING id`, [email])) as Array<{ id: string }>;
  const userId = rows[0]!.id;
  return { userId, email, token: accessTokenFor(t, userId) };
}

export async function insertOrg(t: TestApp, name = 'Test Org'): Promise<string> {
  const rows = (await t.dataSource.query(`INSERT INTO orgs (name) VALUES ($1) RETURNING id`, [name])) as Array<{ id: string }>;
  return rows[0]!.id;
}

export async function insertMember(t: TestApp, orgId: string, userId: string, role: Role): Promise<string> {
  const rows = (await t.dataSource.query(`INSERT INTO org_members (org_id, user_id, role) VALUES ($1, $2, $3) RETURNING id`, [orgId, userId, role])) as Array<{
    id: string;
  }>;
  return rows[0]!.id;
}

/** An organization with one user per role, each with an access token. */
export async function insertOrgWithTeam(t: TestApp): Promise<{ orgId: string } & Record<Role, TestUser>> {
  const orgId = await insertOrg(t);
  const team = {} as Record<Role, TestUser>;
  for (const role of ['VIEWER', 'DEV', 'ADMIN', 'OWNER'] as Role[]) {
    const user = await insertUser(t);
    await insertMember(t, orgId, user.userId, role);
    team[role] = user;
  }
  return { orgId, ...team };
}

export async function insertProduct(t: TestApp, orgId: string, policy: Record<string, unknown> = {}, code?: string): Promise<string> {
  const rows = (await t.dataSource.query(
    `INSERT INTO products (org_id, name, code, default_license_policy) VALUES ($1, $2, $3, $4) RETURNING id`,
    [orgId, 'Test Product', code ?? `P_${randomBytes(6).toString('hex').toUpperCase()}`, JSON.stringify(policy)],
  )) as Array<{ id: string }>;
  return rows[0]!.id;
}

/** Inserts an API key and returns its id and the raw `gg_...` key. */
export async function insertApiKey(
  t: TestApp,
  orgId: string,
  productId: string,
  permissions: string[],
  requireSignature = false,
): Promise<{ id: string; key: string }> {
  const key = `gg_${randomBytes(24).toString('base64url')}`;
  const rows = (await t.dataSource.query(
    `INSERT INTO api_keys (org_id, product_id, name, prefix, key_hash, permissions, require_signature) VALUES ($1, $2, 'test key', $3, $4, $5, $6) RETURNING id`,
    [orgId, productId, key.slice(0, 10), sha256Hex(key), permissions, requireSignature],
  )) as Array<{ id: string }>;
  return { id: rows[0]!.id, key };
}

/** Audit events of an org, oldest first, straight from the table. */
export async function auditEvents(t: TestApp, orgId: string): Promise<Array<{ type: string; license_id: string | null; product_id: string | null; actor_type: string; actor_id: string | null; data: Record<string, unknown> }>> {
  return (await t.dataSource.query(`SELECT * FROM audit_events WHERE org_id = $1 ORDER BY id`, [orgId])) as never;
}

export interface LicenseFields {
  policyOverride?: Record<string, unknown> | null;
  expirationMode?: 'never' | 'fixed' | 'afterActivation' | 'both';
  expiresAt?: Date | null;
  expiresAfterDays?: number | null;
  activatedAt?: Date | null;
  revokedAt?: Date | null;
  lockedAt?: Date | null;
  frozenAt?: Date | null;
  isTrial?: boolean;
}

/** Inserts a license with a custom key (already in normalized form) and returns its id and key. */
export async function insertLicense(t: TestApp, orgId: string, productId: string, fields: LicenseFields = {}): Promise<{ id: string; key: string }> {
  const key = `TEST-${randomBytes(10).toString('hex').toUpperCase()}`;
  const rows = (await t.dataSource.query(
    `INSERT INTO licenses (org_id, product_id, key, key_hash, expiration_mode, expires_at, expires_after_days, activated_at,
       revoked_at, locked_at, frozen_at, policy_override, is_trial)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      orgId,
      productId,
      key,
      sha256Hex(key),
      fields.expirationMode ?? 'never',
      fields.expiresAt ?? null,
      fields.expiresAfterDays ?? null,
      fields.activatedAt ?? null,
      fields.revokedAt ?? null,
      fields.lockedAt ?? null,
      fields.frozenAt ?? null,
      fields.policyOverride ? JSON.stringify(fields.policyOverride) : null,
      fields.isTrial ?? false,
    ],
  )) as Array<{ id: string }>;
  return { id: rows[0]!.id, key };
}
