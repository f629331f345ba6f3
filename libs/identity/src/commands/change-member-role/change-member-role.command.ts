import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { MemberView } from '../../domain/identity-views.js';
import type { OrgRole } from '../../domain/roles.js';

export class ChangeMemberRoleCommand extends Command<MemberView> {
  constructor(
    readonly actor: Actor,
    readonly callerUserId: string,
    readonly orgId: string,
    readonly memberId: string,
    readonly role: OrgRole,
  ) {
    super();
  }
}
