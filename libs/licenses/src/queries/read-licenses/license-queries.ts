import { Injectable } from '@nestjs/common';
import { Clock, isUuid, type Page, type PageRequest, toPage } from '@geckoguard/core';
import { resolveEffectivePolicy, type EffectivePolicy } from '@geckoguard/policies';
import { DataSource } from 'typeorm';
import type { LicenseStatus } from '../../domain/license-status.js';
import type { LicenseScope } from '../../domain/license-scope.js';
import type { LicenseView } from '../../domain/license-view.js';
import { LicenseOrmEntity } from '../../persistence/license.orm-entity.js';
import { toLicenseView } from '../../persistence/license-row.js';
import { licenseStatusSql } from '../../persistence/license-status-sql.js';

export interface LicenseListFilter {
  productId?: string;
  status?: LicenseStatus;
  q?: string;
}

export interface LicensePolicyView {
  /** The product's default policy as stored. */
  default: Record<string, unknown>;
  /** The license's override as stored, or null. */
  override: Record<string, unknown> | null;
  /** The merged policy with every default filled in (null only if stored data were inconsistent). */
  effective: EffectivePolicy | null;
}

// A generated-key prefix may be typed with I/L for 1 and O for 0, like the full key (API.md §4).
const GENERATED_PREFIX = /^[0-9A-TV-Z]{0,5}(?:-[0-9A-TV-Z]{0,5}){0,4}$/;

/** `q` as a key prefix: how `normalizeLicenseKey` would write it, plus the look-alike reading when it could be one. */
function keyPrefixes(q: string): string[] {
  const compact = q.replace(/\s+/g, '').replace(/[a-z]+/g, (s) => s.toUpperCase());
  if (!compact) return [];
  const lookAlike = GENERATED_PREFIX.test(compact) ? compact.replace(/[IL]/g, '1').replace(/O/g, '0') : compact;
  return [...new Set([compact, lookAlike])];
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Reads for the dashboard and API keys, straight into the API shape, always scoped. */
@Injectable()
export class LicenseQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Newest first (createdAt desc, id desc). `status` is filtered in SQL with the same rules the views are
   * derived with, at the same instant; `q` matches a key prefix, or part of the contact email or company name
   * (case-insensitive).
   */
  async list(scope: LicenseScope, filter: LicenseListFilter, page: PageRequest): Promise<Page<'licenses', LicenseView>> {
    const now = this.clock.now();
    const qb = this.dataSource.manager.createQueryBuilder(LicenseOrmEntity, 'l').where('l.org_id = :orgId', { orgId: scope.orgId });
    const productId = scope.productId ?? filter.productId;
    if (productId) qb.andWhere('l.product_id = :productId', { productId });
    if (filter.status) qb.andWhere(`${licenseStatusSql('l', 'CAST(:now AS timestamptz)')} = :status`, { now, status: filter.status });
    const q = filter.q?.trim();
    if (q) {
      const prefixes = keyPrefixes(q);
      const keyMatch = prefixes.map((_, i) => `starts_with(l.key, :qKey${i})`);
      qb.andWhere(`(${[...keyMatch, 'l.contact_email ILIKE :qLike', 'l.company_name ILIKE :qLike'].join(' OR ')})`, {
        ...Object.fromEntries(prefixes.map((p, i) => [`qKey${i}`, p])),
        qLike: `%${escapeLike(q)}%`,
      });
    }
    const [rows, total] = await qb
      .orderBy('l.createdAt', 'DESC')
      .addOrderBy('l.id', 'DESC')
      .skip(page.offset)
      .take(page.pageSize)
      .getManyAndCount();
    return toPage('licenses', rows.map((r) => toLicenseView(r, now)), total, page);
  }

  async get(scope: LicenseScope, id: string): Promise<LicenseView | null> {
    const row = await this.find(scope, id);
    return row ? toLicenseView(row, this.clock.now()) : null;
  }

  async policy(scope: LicenseScope, id: string): Promise<LicensePolicyView | null> {
    if (!isUuid(id)) return null;
    const rows = (await this.dataSource.query(
      `SELECT l.policy_override, p.default_license_policy
         FROM licenses l JOIN products p ON p.id = l.product_id
        WHERE l.id = $1 AND l.org_id = $2 AND ($3::uuid IS NULL OR l.product_id = $3)`,
      [id, scope.orgId, scope.productId ?? null],
    )) as Array<{ policy_override: Record<string, unknown> | null; default_license_policy: Record<string, unknown> | null }>;
    const row = rows[0];
    if (!row) return null;
    const defaultDoc = row.default_license_policy ?? {};
    return { default: defaultDoc, override: row.policy_override, effective: resolveEffectivePolicy(defaultDoc, row.policy_override).effective };
  }

  private async find(scope: LicenseScope, id: string): Promise<LicenseOrmEntity | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.manager.findOne(LicenseOrmEntity, {
      where: { id, orgId: scope.orgId, ...(scope.productId ? { productId: scope.productId } : {}) },
    });
  }
}
