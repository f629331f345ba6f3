import { Command } from '@nestjs/cqrs';
import type { OrgView } from '../../domain/identity-views.js';

/** Any logged-in user may create an organization; they become its OWNER. */
export class CreateOrgCommand extends Command<OrgView> {
  constructor(
    readonly userId: string,
    readonly name: string,
  ) {
    super();
  }
}
