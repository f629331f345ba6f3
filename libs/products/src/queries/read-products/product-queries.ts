import { Injectable } from '@nestjs/common';
import { type Page, type PageRequest, toPage } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import type { ProductView } from '../../domain/product-view.js';
import { ProductOrmEntity } from '../../persistence/product.orm-entity.js';
import { toProductView } from '../../persistence/product-row.js';

/** Reads for the dashboard: straight into the API shape, always scoped to an organization. */
@Injectable()
export class ProductQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first (createdAt desc, id desc), as every list (API.md §1). */
  async list(orgId: string, page: PageRequest): Promise<Page<'products', ProductView>> {
    const [rows, total] = await this.dataSource.manager.findAndCount(ProductOrmEntity, {
      where: { orgId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: page.offset,
      take: page.pageSize,
    });
    return toPage('products', rows.map(toProductView), total, page);
  }

  async get(orgId: string, productId: string): Promise<ProductView | null> {
    const row = await this.dataSource.manager.findOne(ProductOrmEntity, { where: { id: productId, orgId } });
    return row ? toProductView(row) : null;
  }
}
