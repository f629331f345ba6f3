import { Injectable } from '@nestjs/common';
import { Clock, type Page, type PageRequest, toPage } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import type { LicenseScope, SessionView } from '../../domain/session-view.js';
import { findScopedLicense, SESSION_COLUMNS, type SessionRow, toSessionView } from '../../persistence/session-rows.js';

export type SessionPage = Page<'sessions', SessionView> & { activeCount: number; revokedCount: number };

/** A license's sessions (API.md §7): revoked and ended ones included, newest first, with the live counts. */
@Injectable()
export class SessionQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(scope: Omit<LicenseScope, 'actor'>, page: PageRequest): Promise<SessionPage> {
    const license = await findScopedLicense(this.dataSource, scope, false);
    const activeSince = new Date(this.clock.now().getTime() - license.sessionTtlSeconds * 1000);
    const [rows, counts] = await Promise.all([
      this.dataSource.query(
        `SELECT ${SESSION_COLUMNS} FROM sessions WHERE license_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
        [license.id, page.pageSize, page.offset],
      ) as Promise<SessionRow[]>,
      this.dataSource.query(
        `SELECT count(*) AS total,
                count(*) FILTER (WHERE revoked_at IS NOT NULL) AS revoked,
                count(*) FILTER (WHERE revoked_at IS NULL AND ended_at IS NULL AND last_seen_at > $2) AS active
           FROM sessions WHERE license_id = $1`,
        [license.id, activeSince],
      ) as Promise<Array<{ total: string; revoked: string; active: string }>>,
    ]);
    const count = counts[0];
    return {
      ...toPage('sessions', rows.map(toSessionView), Number(count?.total ?? 0), page),
      activeCount: Number(count?.active ?? 0),
      revokedCount: Number(count?.revoked ?? 0),
    };
  }
}
