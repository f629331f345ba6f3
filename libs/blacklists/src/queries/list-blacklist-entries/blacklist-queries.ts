import { Injectable } from '@nestjs/common';
import { type Page, type PageRequest, toPage } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import type { BlacklistEntryView } from '../../domain/blacklist-entry-view.js';
import { ENTRY_COLUMNS, type BlacklistEntryRow, toBlacklistEntryView } from '../../persistence/blacklist-entry-row.js';
import type { BlacklistType } from '../../persistence/blacklist-entry.orm-entity.js';

@Injectable()
export class BlacklistQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** A product's entries, newest first (API.md §1), optionally of one type. */
  async list(orgId: string, productId: string, type: BlacklistType | undefined, page: PageRequest): Promise<Page<'entries', BlacklistEntryView>> {
    const params = [orgId, productId, type ?? null];
    const where = `org_id = $1 AND product_id = $2 AND ($3::varchar IS NULL OR type = $3)`;
    const [rows, count] = await Promise.all([
      this.dataSource.query(`SELECT ${ENTRY_COLUMNS} FROM blacklist_entries WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5`, [
        ...params,
        page.pageSize,
        page.offset,
      ]) as Promise<BlacklistEntryRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM blacklist_entries WHERE ${where}`, params) as Promise<Array<{ n: number }>>,
    ]);
    return toPage('entries', rows.map(toBlacklistEntryView), count[0]?.n ?? 0, page);
  }
}
