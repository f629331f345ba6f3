import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';

export interface DeleteProductResult {
  deleted: true;
}

export class DeleteProductCommand extends Command<DeleteProductResult> {
  constructor(
    readonly actor: Actor,
    readonly orgId: string,
    readonly productId: string,
  ) {
    super();
  }
}
