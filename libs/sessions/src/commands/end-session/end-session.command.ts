import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';

/** A client exiting cleanly ends its session (API.md §5); idempotent. */
export class EndSessionCommand extends Command<void> {
  constructor(
    readonly caller: { orgId: string; productId: string; actor: Actor },
    readonly request: { productId: string; licenseKey: string; sessionId: string },
  ) {
    super();
  }
}
