import { Command } from '@nestjs/cqrs';
import type { Actor } from '@geckoguard/audit';
import type { ExpirationMode } from '@geckoguard/expiration';
import type { LicenseView } from '../../domain/license-view.js';

export interface LicenseContactInput {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

export interface CreateLicenseInput {
  productId: string;
  /** A custom key as typed; null generates one per license. */
  key: string | null;
  expirationMode: ExpirationMode;
  expiresAt: Date | null;
  expiresAfterDays: number | null;
  policyOverride: Record<string, unknown> | null;
  isTrial: boolean;
  contact: LicenseContactInput | null;
  companyName: string | null;
  metadata: Record<string, unknown>;
  /** How many licenses to create alike (1..500); null for a single-license request. */
  count: number | null;
}

/** Creates one or `count` licenses, all or nothing; returns them in creation order. */
export class CreateLicenseCommand extends Command<LicenseView[]> {
  constructor(
    readonly actor: Actor,
    readonly orgId: string,
    readonly input: CreateLicenseInput,
  ) {
    super();
  }
}
