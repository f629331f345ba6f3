import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppError, Clock, generateLicenseKey, hashLicenseKey, isValidCustomKey, normalizeLicenseKey } from '@geckoguard/core';
import { isUniqueViolation, TransactionRunner } from '@geckoguard/database';
import { ProductLookup } from '@geckoguard/products';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { expirationProblems } from '../../domain/expiration-rules.js';
import type { LicenseView } from '../../domain/license-view.js';
import { effectiveOverrideProblems, overrideDocumentProblems } from '../../domain/policy-override-check.js';
import { LicenseOrmEntity } from '../../persistence/license.orm-entity.js';
import { LICENSE_KEY_HASH_CONSTRAINT, toLicenseView } from '../../persistence/license-row.js';
import { CreateLicenseCommand, type CreateLicenseInput } from './create-license.command.js';

@CommandHandler(CreateLicenseCommand)
export class CreateLicenseHandler implements ICommandHandler<CreateLicenseCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly products: ProductLookup,
  ) {}

  async execute({ actor, orgId, input }: CreateLicenseCommand): Promise<LicenseView[]> {
    this.validate(input);
    const count = input.count ?? 1;
    const customKey = input.key === null ? null : normalizeLicenseKey(input.key);

    try {
      return await this.transactions.run(async (tx) => {
        // FOR SHARE: a concurrent PATCH of the default (or DELETE of the product) waits, or has finished and is seen.
        const product = await this.products.findInOrg(tx, orgId, input.productId, { lock: 'share' });
        if (!product) throw AppError.notFound('Product');
        if (input.policyOverride) {
          const problems = effectiveOverrideProblems(product.defaultLicensePolicy, input.policyOverride);
          if (problems.length > 0) throw new AppError('INVALID_POLICY', 'policyOverride gives an invalid effective policy with the product default', problems);
        }

        const now = this.clock.now();
        const rows = Array.from({ length: count }, () => {
          const key = customKey ?? normalizeLicenseKey(generateLicenseKey());
          return {
            orgId,
            productId: product.id,
            key,
            keyHash: hashLicenseKey(key),
            expirationMode: input.expirationMode,
            expiresAt: input.expiresAt,
            expiresAfterDays: input.expiresAfterDays,
            activatedAt: null,
            frozenAt: null,
            frozenMs: 0,
            frozenMsBeforeActivation: 0,
            revokedAt: null,
            revokeReason: null,
            lockedAt: null,
            lockReason: null,
            misuseWindowStart: null,
            policyOverride: input.policyOverride,
            isTrial: input.isTrial,
            contactFirstName: input.contact?.firstName ?? null,
            contactLastName: input.contact?.lastName ?? null,
            contactEmail: input.contact?.email ?? null,
            companyName: input.companyName,
            metadata: input.metadata,
            createdAt: now,
            updatedAt: now,
          } satisfies Omit<LicenseOrmEntity, 'id'>;
        });
        // One multi-row INSERT: the unique index on key_hash decides duplicates, also between concurrent creates.
        const inserted = await tx.insert(LicenseOrmEntity, rows.map((r) => ({ ...r })) as QueryDeepPartialEntity<LicenseOrmEntity>[]);
        // The view is built from the values written (TypeORM hands back columns with defaults as raw strings).
        const licenses: LicenseOrmEntity[] = rows.map((r, i) => ({ ...r, id: (inserted.identifiers[i] as { id: string }).id }));
        await this.audit.append(
          tx,
          licenses.map((l) => ({
            type: 'license.created',
            orgId,
            productId: l.productId,
            licenseId: l.id,
            actor,
            data: { expirationMode: l.expirationMode, isTrial: l.isTrial, ...(input.count !== null ? { batchSize: count } : {}) },
          })),
        );
        return licenses.map((l) => toLicenseView(l, now));
      });
    } catch (error) {
      if (isUniqueViolation(error, LICENSE_KEY_HASH_CONSTRAINT)) throw new AppError('DUPLICATE_KEY', 'A license with this key already exists');
      throw error;
    }
  }

  /** Checks that need no database, so a bad request is refused before any lock is taken. */
  private validate(input: CreateLicenseInput): void {
    const problems = expirationProblems(input);
    if (input.key !== null) {
      if (input.count !== null && input.count > 1) problems.push({ path: 'key', message: 'key cannot be combined with count greater than 1' });
      else if (!isValidCustomKey(input.key)) problems.push({ path: 'key', message: 'key must be 8 to 128 characters of A-Z, a-z, 0-9, _ and -' });
    }
    if (problems.length > 0) throw AppError.validation(problems);
    if (input.policyOverride) {
      const policyProblems = overrideDocumentProblems(input.policyOverride);
      if (policyProblems.length > 0) throw new AppError('INVALID_POLICY', 'policyOverride is not a valid policy document', policyProblems);
    }
  }
}
