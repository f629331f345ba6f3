import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog, type NewAuditEvent } from '@geckoguard/audit';
import { AppError, Clock, sameJson } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { ProductLookup } from '@geckoguard/products';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { expirationProblems } from '../../domain/expiration-rules.js';
import { lifecycleTransition } from '../../domain/license-lifecycle.js';
import { LICENSE_MUTABLE_FIELDS, type LicenseMutableField, type LicenseView } from '../../domain/license-view.js';
import { effectiveOverrideProblems, overrideDocumentProblems } from '../../domain/policy-override-check.js';
import { LicenseOrmEntity } from '../../persistence/license.orm-entity.js';
import { LicenseRepository } from '../../persistence/license.repository.js';
import { toLicenseView } from '../../persistence/license-row.js';
import { UpdateLicenseCommand } from './update-license.command.js';

type Changes = Partial<Omit<LicenseOrmEntity, 'id' | 'orgId' | 'productId' | 'key' | 'keyHash' | 'createdAt'>>;

const sameDate = (a: Date | null, b: Date | null) => (a === null || b === null ? a === b : a.getTime() === b.getTime());

/**
 * PATCH of a license. Expiration fields are validated as the combination they leave behind, so a mode change
 * must send what the new mode needs and null for what it drops. `frozen` goes through the lifecycle rules
 * (frozen time is accounted so expiry pauses) and writes license.frozen / license.unfrozen; every other change
 * writes one license.updated with `data.changedFields`. A PATCH that changes nothing writes nothing.
 */
@CommandHandler(UpdateLicenseCommand)
export class UpdateLicenseHandler implements ICommandHandler<UpdateLicenseCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly licenses: LicenseRepository,
    private readonly products: ProductLookup,
  ) {}

  async execute({ actor, scope, licenseId, input }: UpdateLicenseCommand): Promise<LicenseView> {
    if (input.policyOverride) {
      const problems = overrideDocumentProblems(input.policyOverride);
      if (problems.length > 0) throw new AppError('INVALID_POLICY', 'policyOverride is not a valid policy document', problems);
    }

    return this.transactions.run(async (tx) => {
      const license = await this.licenses.lockInScope(tx, scope, licenseId);
      const now = this.clock.now();

      const expiration = {
        expirationMode: input.expirationMode ?? license.expirationMode,
        expiresAt: input.expiresAt !== undefined ? input.expiresAt : license.expiresAt,
        expiresAfterDays: input.expiresAfterDays !== undefined ? input.expiresAfterDays : license.expiresAfterDays,
      };
      const problems = expirationProblems(expiration);
      if (problems.length > 0) throw AppError.validation(problems, 'The expiration fields do not agree with expirationMode');

      const changes: Changes = {};
      const changed = new Set<LicenseMutableField>();
      if (expiration.expirationMode !== license.expirationMode) {
        changes.expirationMode = expiration.expirationMode;
        changed.add('expirationMode');
      }
      if (!sameDate(expiration.expiresAt, license.expiresAt)) {
        changes.expiresAt = expiration.expiresAt;
        changed.add('expiresAt');
      }
      if (expiration.expiresAfterDays !== license.expiresAfterDays) {
        changes.expiresAfterDays = expiration.expiresAfterDays;
        changed.add('expiresAfterDays');
      }
      if (input.policyOverride !== undefined && !sameJson(input.policyOverride, license.policyOverride)) {
        if (input.policyOverride !== null) {
          // FOR SHARE: the default cannot change under this check (the product PATCH takes FOR UPDATE).
          const product = await this.products.findInOrg(tx, license.orgId, license.productId, { lock: 'share' });
          if (!product) throw AppError.notFound('Product');
          const policyProblems = effectiveOverrideProblems(product.defaultLicensePolicy, input.policyOverride);
          if (policyProblems.length > 0) {
            throw new AppError('INVALID_POLICY', 'policyOverride gives an invalid effective policy with the product default', policyProblems);
          }
        }
        changes.policyOverride = input.policyOverride;
        changed.add('policyOverride');
      }
      if (input.isTrial !== undefined && input.isTrial !== license.isTrial) {
        changes.isTrial = input.isTrial;
        changed.add('isTrial');
      }
      if (input.contact !== undefined) {
        const contact = {
          contactFirstName: input.contact?.firstName ?? null,
          contactLastName: input.contact?.lastName ?? null,
          contactEmail: input.contact?.email ?? null,
        };
        if (
          contact.contactFirstName !== license.contactFirstName ||
          contact.contactLastName !== license.contactLastName ||
          contact.contactEmail !== license.contactEmail
        ) {
          Object.assign(changes, contact);
          changed.add('contact');
        }
      }
      if (input.companyName !== undefined && input.companyName !== license.companyName) {
        changes.companyName = input.companyName;
        changed.add('companyName');
      }
      if (input.metadata !== undefined && !sameJson(input.metadata ?? {}, license.metadata)) {
        changes.metadata = input.metadata ?? {};
        changed.add('metadata');
      }

      const base = { orgId: license.orgId, productId: license.productId, licenseId: license.id, actor };
      const events: NewAuditEvent[] = [];
      if (changed.size > 0) {
        events.push({ ...base, type: 'license.updated', data: { changedFields: LICENSE_MUTABLE_FIELDS.filter((f) => changed.has(f)) } });
      }
      if (input.frozen !== undefined) {
        const transition = lifecycleTransition(license, input.frozen ? 'freeze' : 'unfreeze', now);
        if (transition) {
          changes.frozenAt = transition.state.frozenAt;
          changes.frozenMs = transition.state.frozenMs;
          events.push({ ...base, ...transition.event });
        }
      }
      // Nothing changes, nothing is recorded.
      if (events.length === 0) return toLicenseView(license, now);

      await tx.update(LicenseOrmEntity, { id: license.id }, { ...changes, updatedAt: now } as QueryDeepPartialEntity<LicenseOrmEntity>);
      await this.audit.append(tx, events);
      return toLicenseView({ ...license, ...changes, updatedAt: now }, now);
    });
  }
}
