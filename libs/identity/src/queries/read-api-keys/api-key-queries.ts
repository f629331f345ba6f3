import { Injectable } from '@nestjs/common';
import { type Page, type PageRequest, toPage } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import type { ApiKeyView } from '../../domain/identity-views.js';
import { API_KEY_COLUMNS, toApiKeyView, type ApiKeyRow } from '../../persistence/identity-rows.js';

@Injectable()
export class ApiKeyQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** The product's keys, revoked ones included, newest first; never a key or its hash. */
  async list(orgId: string, productId: string, page: PageRequest): Promise<Page<'apiKeys', ApiKeyView>> {
    const rows = (await this.dataSource.query(
      `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE product_id = $1 AND org_id = $2
        ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [productId, orgId, page.pageSize, page.offset],
    )) as ApiKeyRow[];
    const [count] = (await this.dataSource.query(`SELECT count(*) AS n FROM api_keys WHERE product_id = $1 AND org_id = $2`, [productId, orgId])) as Array<{
      n: string;
    }>;
    return toPage('apiKeys', rows.map(toApiKeyView), Number(count?.n ?? 0), page);
  }
}
