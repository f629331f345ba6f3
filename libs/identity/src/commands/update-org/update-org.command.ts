import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { OrgView } from '../../domain/identity-views.js';
import type { OrgRole } from '../../domain/roles.js';

/** Absent fields stay as they are. `callerRole` is echoed back in the view. */
export class UpdateOrgCommand extends Command<OrgView> {
  constructor(
    readonly actor: Actor,
    readonly orgId: string,
    readonly callerRole: OrgRole,
    readonly input: { name?: string },
  ) {
    super();
  }
}
