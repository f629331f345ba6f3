import { Injectable } from '@nestjs/common';
import { type Page, type PageRequest, toPage } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import type { MembershipView, OrgView, UserView } from '../../domain/identity-views.js';
import type { OrgRole } from '../../domain/roles.js';
import { toOrgView, toUserView, type OrgRow, type UserRow, USER_COLUMNS } from '../../persistence/identity-rows.js';

/** The caller's account and organizations, straight into the API shapes. */
@Injectable()
export class OrgQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** The user and every org they belong to (newest first); null when the user does not exist. */
  async me(userId: string): Promise<{ user: UserView; orgs: MembershipView[] } | null> {
    const [user] = (await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [userId])) as UserRow[];
    if (!user) return null;
    const orgs = (await this.dataSource.query(
      `SELECT o.id, o.name, m.role FROM org_members m JOIN orgs o ON o.id = m.org_id
        WHERE m.user_id = $1 ORDER BY o.created_at DESC, o.id DESC`,
      [userId],
    )) as MembershipView[];
    return { user: toUserView(user), orgs: orgs.map((o) => ({ id: o.id, name: o.name, role: o.role })) };
  }

  /** The orgs the user belongs to, newest first, each with the user's role. */
  async list(userId: string, page: PageRequest): Promise<Page<'orgs', OrgView>> {
    const rows = (await this.dataSource.query(
      `SELECT o.id, o.name, m.role, o.created_at, o.updated_at, count(*) OVER () AS total
         FROM org_members m JOIN orgs o ON o.id = m.org_id
        WHERE m.user_id = $1 ORDER BY o.created_at DESC, o.id DESC LIMIT $2 OFFSET $3`,
      [userId, page.pageSize, page.offset],
    )) as Array<OrgRow & { total: string }>;
    const total = rows[0] ? Number(rows[0].total) : await this.count(userId);
    return toPage('orgs', rows.map(toOrgView), total, page);
  }

  async get(orgId: string, role: OrgRole): Promise<OrgView | null> {
    const [row] = (await this.dataSource.query(`SELECT id, name, created_at, updated_at FROM orgs WHERE id = $1`, [orgId])) as Array<Omit<OrgRow, 'role'>>;
    return row ? toOrgView({ ...row, role }) : null;
  }

  /** A page past the end has no row to carry the total. */
  private async count(userId: string): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*) AS n FROM org_members WHERE user_id = $1`, [userId])) as Array<{ n: string }>;
    return Number(row?.n ?? 0);
  }
}
