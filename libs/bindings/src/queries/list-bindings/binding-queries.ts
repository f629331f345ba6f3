import { Injectable } from '@nestjs/common';
import { type Page, type PageRequest, toPage } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import type { BindingType } from '../../persistence/binding.orm-entity.js';

export interface BindingView {
  id: string;
  type: BindingType;
  valueHash: string;
  region: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  revokedAt: string | null;
}

interface BindingRow {
  id: string;
  type: BindingType;
  value_hash: string;
  region: string | null;
  first_seen_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
  total: string;
}

/** A license's bindings for the dashboard (API.md §6), revoked ones included, newest first. */
@Injectable()
export class BindingQueries {
  constructor(private readonly dataSource: DataSource) {}

  async list(licenseId: string, type: BindingType | undefined, page: PageRequest): Promise<Page<'bindings', BindingView>> {
    const rows = (await this.dataSource.query(
      `SELECT id, type, value_hash, region, first_seen_at, last_seen_at, revoked_at, count(*) OVER () AS total
         FROM bindings
        WHERE license_id = $1 AND ($2::varchar IS NULL OR type = $2)
        ORDER BY first_seen_at DESC, id DESC
        LIMIT $3 OFFSET $4`,
      [licenseId, type ?? null, page.pageSize, page.offset],
    )) as BindingRow[];
    const total = rows[0] ? Number(rows[0].total) : await this.count(licenseId, type);
    return toPage('bindings', rows.map(toBindingView), total, page);
  }

  /** The total when the requested page is past the end (the window count has no row to ride on). */
  private async count(licenseId: string, type: BindingType | undefined): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*) AS n FROM bindings WHERE license_id = $1 AND ($2::varchar IS NULL OR type = $2)`, [
      licenseId,
      type ?? null,
    ])) as Array<{ n: string }>;
    return Number(row?.n ?? 0);
  }
}

function toBindingView(row: BindingRow): BindingView {
  return {
    id: row.id,
    type: row.type,
    valueHash: row.value_hash.trim(),
    region: row.region,
    firstSeenAt: row.first_seen_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
