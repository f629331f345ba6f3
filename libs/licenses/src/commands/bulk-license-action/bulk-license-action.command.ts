import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { LifecycleAction } from '../../domain/license-lifecycle.js';

export type BulkLicenseAction = Exclude<LifecycleAction, 'unlock'>;

export interface BulkLicenseItemResult {
  id: string;
  ok: boolean;
  error?: { code: string; message: string };
}

export interface BulkLicenseActionResult {
  /** Licenses whose state changed; ids already in the target state are `ok` without counting. */
  updated: number;
  results: BulkLicenseItemResult[];
}

export class BulkLicenseActionCommand extends Command<BulkLicenseActionResult> {
  constructor(
    readonly actor: Actor,
    readonly orgId: string,
    readonly action: BulkLicenseAction,
    readonly licenseIds: string[],
    readonly reason: string | null,
  ) {
    super();
  }
}
