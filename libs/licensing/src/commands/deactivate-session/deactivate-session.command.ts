import { Command } from '@nestjs/cqrs';

/** Free this authContext's seat at once (API.md §10); idempotent. */
export class DeactivateSessionCommand extends Command<{ ended: number }> {
  constructor(
    readonly licenseToken: string,
    readonly authContext: string,
  ) {
    super();
  }
}
