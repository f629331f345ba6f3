import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, isUuid } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import { roleAtLeast, type OrgRole } from '../domain/roles.js';
import type { GuardedRequest } from './principal.js';

/**
 * Where a dashboard route finds its organization: the `:orgId` path parameter, or the org that owns the
 * resource named by a path parameter. Later libs register their own tables (webhook endpoints, ...).
 */
export type OrgScope = { param: string } | { resource: OrgScopedTable; param: string };
export type OrgScopedTable = 'licenses' | 'products';

export interface OrgAccessRequirement {
  role: OrgRole;
  scope: OrgScope;
}

export const ORG_ACCESS_KEY = 'geckoguard:org-access';
export const RequireOrgAccess = (role: OrgRole, scope: OrgScope = { param: 'orgId' }) =>
  SetMetadata(ORG_ACCESS_KEY, { role, scope } satisfies OrgAccessRequirement);


/**
 * Membership and role, read from the database on every request so a change takes effect at once.
 * Not a member (or no such resource) → 404; member with too low a role → 403.
 */
@Injectable()
export class OrgAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<OrgAccessRequirement | undefined>(ORG_ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!requirement) return true;
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    if (req.principal?.kind !== 'user') throw new AppError('UNAUTHORIZED', 'A valid access token is required');
    const params = (req.params ?? {}) as Record<string, string>;
    const value = params[requirement.scope.param];
    if (!value || !isUuid(value)) throw AppError.notFound();

    const { scope } = requirement;
    const sql =
      'resource' in scope
        ? `SELECT m.org_id, m.role FROM ${scope.resource} r JOIN org_members m ON m.org_id = r.org_id AND m.user_id = $2 WHERE r.id = $1`
        : `SELECT m.org_id, m.role FROM org_members m WHERE m.org_id = $1 AND m.user_id = $2`;
    const rows = (await this.dataSource.query(sql, [value, req.principal.user.userId])) as Array<{ org_id: string; role: OrgRole }>;
    const row = rows[0];
    if (!row) throw AppError.notFound('resource' in scope ? scope.resource.replace(/s$/, '').replace(/^./, (c) => c.toUpperCase()) : 'Organization');
    if (!roleAtLeast(row.role, requirement.role)) {
      throw new AppError('FORBIDDEN', `This action requires the ${requirement.role} role or higher`);
    }
    req.orgAccess = { orgId: row.org_id, role: row.role };
    return true;
  }
}
