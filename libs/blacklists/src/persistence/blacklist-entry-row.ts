import type { BlacklistEntryView } from '../domain/blacklist-entry-view.js';
import type { BlacklistType } from './blacklist-entry.orm-entity.js';

export interface BlacklistEntryRow {
  id: string;
  product_id: string;
  type: BlacklistType;
  value: string;
  value_hash: string;
  reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export const ENTRY_COLUMNS = 'id, product_id, type, value, value_hash, reason, created_at, updated_at';

export function toBlacklistEntryView(row: BlacklistEntryRow): BlacklistEntryView {
  return {
    id: row.id,
    productId: row.product_id,
    type: row.type,
    value: row.value,
    valueHash: row.value_hash,
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
