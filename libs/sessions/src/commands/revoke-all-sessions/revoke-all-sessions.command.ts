import { Command } from '@nestjs/cqrs';
import type { LicenseScope } from '../../domain/session-view.js';

/** Kill every session of a license that is not revoked or ended yet. */
export class RevokeAllSessionsCommand extends Command<{ revoked: number }> {
  constructor(readonly scope: LicenseScope) {
    super();
  }
}
