import { Command } from '@nestjs/cqrs';
import type { LicenseScope, SessionView } from '../../domain/session-view.js';

/** Kill one session by its record id; its session id is refused from then on (SESSION_REVOKED). */
export class RevokeSessionCommand extends Command<{ session: SessionView }> {
  constructor(
    readonly scope: LicenseScope,
    readonly sessionRecordId: string,
  ) {
    super();
  }
}
