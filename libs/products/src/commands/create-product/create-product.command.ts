import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { ProductView } from '../../domain/product-view.js';

export interface CreateProductInput {
  name: string;
  code: string;
  description: string | null;
  defaultLicensePolicy: Record<string, unknown>;
}

export class CreateProductCommand extends Command<ProductView> {
  constructor(
    readonly actor: Actor,
    readonly orgId: string,
    readonly input: CreateProductInput,
  ) {
    super();
  }
}
