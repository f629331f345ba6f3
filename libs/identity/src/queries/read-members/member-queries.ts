import { Injectable } from '@nestjs/common';
import { type Page, type PageRequest, toPage } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import type { MemberView } from '../../domain/identity-views.js';
import { MEMBER_COLUMNS, toMemberView, type MemberRow } from '../../persistence/identity-rows.js';

@Injectable()
export class MemberQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** The org's members, newest first (createdAt desc, id desc). */
  async list(orgId: string, page: PageRequest): Promise<Page<'members', MemberView>> {
    const rows = (await this.dataSource.query(
      `SELECT ${MEMBER_COLUMNS} FROM org_members m JOIN users u ON u.id = m.user_id
        WHERE m.org_id = $1 ORDER BY m.created_at DESC, m.id DESC LIMIT $2 OFFSET $3`,
      [orgId, page.pageSize, page.offset],
    )) as MemberRow[];
    const [count] = (await this.dataSource.query(`SELECT count(*) AS n FROM org_members WHERE org_id = $1`, [orgId])) as Array<{ n: string }>;
    return toPage('members', rows.map(toMemberView), Number(count?.n ?? 0), page);
  }
}
