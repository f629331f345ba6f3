import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { LicenseScope } from '../../domain/license-scope.js';
import type { LicenseView } from '../../domain/license-view.js';

export class RevokeLicenseCommand extends Command<LicenseView> {
  constructor(
    readonly actor: Actor,
    readonly scope: LicenseScope,
    readonly licenseId: string,
    readonly reason: string | null,
  ) {
    super();
  }
}
