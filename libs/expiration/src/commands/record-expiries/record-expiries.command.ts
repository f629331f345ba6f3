import { Command } from '@nestjs/cqrs';

/** Write `license.expired` for every license whose effective expiry has passed and is not recorded yet. */
export class RecordExpiriesCommand extends Command<{ recorded: number }> {
  constructor(readonly batchSize = 500) {
    super();
  }
}
