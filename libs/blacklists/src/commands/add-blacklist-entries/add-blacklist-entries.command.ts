import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { BlacklistEntryView } from '../../domain/blacklist-entry-view.js';
import type { BlacklistType } from '../../persistence/blacklist-entry.orm-entity.js';

export interface BlacklistEntryInput {
  type: BlacklistType;
  value: string;
  reason: string | null;
}

export interface AddBlacklistEntryResult {
  entry: BlacklistEntryView;
  /** False when the value was already listed (its reason is updated instead). */
  created: boolean;
}

export class AddBlacklistEntryCommand extends Command<AddBlacklistEntryResult> {
  constructor(
    readonly actor: Actor,
    readonly orgId: string,
    readonly productId: string,
    readonly input: BlacklistEntryInput,
  ) {
    super();
  }
}
