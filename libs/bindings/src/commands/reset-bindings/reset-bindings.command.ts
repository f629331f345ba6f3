import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { BindingType } from '../../persistence/binding.orm-entity.js';

export interface ResetBindingsResult {
  revoked: number;
  resetsUsed: number;
  resetsRemaining: number | 'unlimited';
  /** When the next budgeted reset is possible; null when no cooldown is running (or none remain). */
  nextResetAt: string | null;
}

/** Revoke a license's active HWID or IP bindings within the policy's reset budget (or forced, outside it). */
export class ResetBindingsCommand extends Command<ResetBindingsResult> {
  constructor(
    readonly scope: { orgId: string; licenseId: string; productId?: string; actor: Actor },
    readonly type: BindingType,
    readonly force: boolean,
  ) {
    super();
  }
}
