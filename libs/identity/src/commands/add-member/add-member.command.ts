import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { MemberView } from '../../domain/identity-views.js';
import type { OrgRole } from '../../domain/roles.js';

/** Adds an existing user (by email) to the org; `callerUserId` decides whether OWNER may be granted. */
export class AddMemberCommand extends Command<MemberView> {
  constructor(
    readonly actor: Actor,
    readonly callerUserId: string,
    readonly orgId: string,
    readonly email: string,
    readonly role: OrgRole,
  ) {
    super();
  }
}
