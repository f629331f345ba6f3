import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';

export interface RemoveMemberResult {
  deleted: true;
}

export class RemoveMemberCommand extends Command<RemoveMemberResult> {
  constructor(
    readonly actor: Actor,
    readonly callerUserId: string,
    readonly orgId: string,
    readonly memberId: string,
  ) {
    super();
  }
}
