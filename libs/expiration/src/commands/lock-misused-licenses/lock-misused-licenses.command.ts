import { Command } from '@nestjs/cqrs';

/**
 * Lock every license whose effective policy has `misuse.mode: "lock"` and that saw more than
 * `maxDistinctContexts` distinct HWIDs / authContexts within `windowHours` (API.md §10).
 */
export class LockMisusedLicensesCommand extends Command<{ locked: number }> {
  constructor(readonly batchSize = 200) {
    super();
  }
}
