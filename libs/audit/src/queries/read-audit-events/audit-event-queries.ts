import { Injectable } from '@nestjs/common';
import { DataSource, type FindOptionsWhere, MoreThan } from 'typeorm';
import { toAuditEventView } from '../../audit-log.js';
import type { AuditEventView } from '../../domain/audit-event.js';
import { AuditEventOrmEntity } from '../../persistence/audit-event.orm-entity.js';

export interface AuditEventFilter {
  /** Exclusive lower bound: a decimal event id ("0" for the start). */
  after: string;
  limit: number;
  type?: string;
  licenseId?: string;
  productId?: string;
}

export interface AuditEventPage {
  events: AuditEventView[];
  /** The last id returned, or `after` itself on an empty page: never null, so a reader can always resume. */
  nextCursor: string;
}

/** Cursor reads of an organization's audit stream, ascending by id (API.md §9). */
@Injectable()
export class AuditEventQueries {
  constructor(private readonly dataSource: DataSource) {}

  async page(orgId: string, filter: AuditEventFilter): Promise<AuditEventPage> {
    const where: FindOptionsWhere<AuditEventOrmEntity> = { orgId, id: MoreThan(filter.after) };
    if (filter.type !== undefined) where.type = filter.type;
    if (filter.licenseId !== undefined) where.licenseId = filter.licenseId;
    if (filter.productId !== undefined) where.productId = filter.productId;
    // (org_id, id) index: a range scan from the cursor, whatever the filters.
    const rows = await this.dataSource.manager.find(AuditEventOrmEntity, { where, order: { id: 'ASC' }, take: filter.limit });
    const events = rows.map(toAuditEventView);
    return { events, nextCursor: events.length > 0 ? events[events.length - 1]!.id : filter.after };
  }
}
