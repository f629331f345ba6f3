import type { BlacklistType } from '../persistence/blacklist-entry.orm-entity.js';

export interface BlacklistEntryView {
  id: string;
  productId: string;
  type: BlacklistType;
  /** As first entered, for display. */
  value: string;
  valueHash: string;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}
