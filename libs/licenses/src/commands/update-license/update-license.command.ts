import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { ExpirationMode } from '@geckoguard/expiration';
import type { LicenseScope } from '../../domain/license-scope.js';
import type { LicenseView } from '../../domain/license-view.js';
import type { LicenseContactInput } from '../create-license/create-license.command.js';

/**
 * Absent (undefined) fields stay as they are. `policyOverride: null` clears the override; `contact` replaces
 * the whole contact (null clears it); `metadata` replaces the whole object (null stands for `{}`).
 */
export interface UpdateLicenseInput {
  frozen?: boolean;
  expirationMode?: ExpirationMode;
  expiresAt?: Date | null;
  expiresAfterDays?: number | null;
  policyOverride?: Record<string, unknown> | null;
  isTrial?: boolean;
  contact?: LicenseContactInput | null;
  companyName?: string | null;
  metadata?: Record<string, unknown> | null;
}

export class UpdateLicenseCommand extends Command<LicenseView> {
  constructor(
    readonly actor: Actor,
    readonly scope: LicenseScope,
    readonly licenseId: string,
    readonly input: UpdateLicenseInput,
  ) {
    super();
  }
}
