import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { LicenseScope } from '../../domain/license-scope.js';

export interface DeleteLicenseResult {
  deleted: true;
}

export class DeleteLicenseCommand extends Command<DeleteLicenseResult> {
  constructor(
    readonly actor: Actor,
    readonly scope: LicenseScope,
    readonly licenseId: string,
  ) {
    super();
  }
}
