import { Injectable } from '@nestjs/common';
import { AppError } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import type { ApiKeyPrincipal } from '../../auth/principal.js';

export interface WhoamiView {
  apiKey: { id: string; name: string; permissions: string[] };
  product: { id: string; name: string; code: string };
  org: { id: string; name: string };
}

@Injectable()
export class WhoamiQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** What an API key is bound to: its product and that product's organization. */
  async whoami(key: ApiKeyPrincipal): Promise<WhoamiView> {
    const [row] = (await this.dataSource.query(
      `SELECT p.id AS product_id, p.name AS product_name, p.code, o.id AS org_id, o.name AS org_name
         FROM products p JOIN orgs o ON o.id = p.org_id WHERE p.id = $1 AND p.org_id = $2`,
      [key.productId, key.orgId],
    )) as Array<{ product_id: string; product_name: string; code: string; org_id: string; org_name: string }>;
    // A key outliving its product (deleted without it) authenticates nobody.
    if (!row) throw new AppError('UNAUTHORIZED', 'A valid API key is required (X-Api-Key)');
    return {
      apiKey: { id: key.id, name: key.name, permissions: key.permissions },
      product: { id: row.product_id, name: row.product_name, code: row.code },
      org: { id: row.org_id, name: row.org_name },
    };
  }
}
