import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { BlacklistEntryView } from '../../domain/blacklist-entry-view.js';
import type { BlacklistType } from '../../persistence/blacklist-entry.orm-entity.js';

export interface BlacklistEntryInput {
  type: BlacklistType;
  value: string;
  reason: string | null;
}

export interface AddedBlacklistEntry {
  entry: BlacklistEntryView;
  /** False when the value was already listed (its reason is updated instead). */
  created: boolean;
}

/** Add one or more entries (bulk: up to 200), all or nothing. */
export class AddBlacklistEntriesCommand extends Command<AddedBlacklistEntry[]> {
  constructor(
    readonly actor: Actor,
    readonly orgId: string,
    readonly productId: string,
    readonly inputs: BlacklistEntryInput[],
    /** Where the inputs sit in the request body, for error paths (`value` or `entries`). */
    readonly field: 'single' | 'entries' = 'single',
  ) {
    super();
  }
}
