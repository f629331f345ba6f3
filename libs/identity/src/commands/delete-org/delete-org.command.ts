import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';

export interface DeleteOrgResult {
  deleted: true;
}

export class DeleteOrgCommand extends Command<DeleteOrgResult> {
  constructor(
    readonly actor: Actor,
    readonly orgId: string,
  ) {
    super();
  }
}
