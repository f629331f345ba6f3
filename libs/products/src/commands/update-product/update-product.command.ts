import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { ProductView } from '../../domain/product-view.js';

/** Absent (undefined) fields stay as they are; `description: null` clears it. */
export interface UpdateProductInput {
  name?: string;
  code?: string;
  description?: string | null;
  /** Replaces the default policy as a whole (no merge); null stands for `{}` (every default). */
  defaultLicensePolicy?: Record<string, unknown> | null;
}

export class UpdateProductCommand extends Command<ProductView> {
  constructor(
    readonly actor: Actor,
    readonly orgId: string,
    readonly productId: string,
    readonly input: UpdateProductInput,
  ) {
    super();
  }
}
