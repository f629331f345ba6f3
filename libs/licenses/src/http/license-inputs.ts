import type { CreateLicenseInput, LicenseContactInput } from '../commands/create-license/create-license.command.js';
import type { UpdateLicenseInput } from '../commands/update-license/update-license.command.js';
import type { LicenseContactRequestDto } from './dto/license-contact.request.dto.js';
import type { NewLicenseRequestDto } from './dto/new-license.request.dto.js';
import type { UpdateLicenseRequestDto } from './dto/update-license.request.dto.js';
import { toDate } from './dto/timestamp.js';

function contactOf(dto: LicenseContactRequestDto | null | undefined): LicenseContactInput | null | undefined {
  if (dto === undefined || dto === null) return dto;
  return { firstName: dto.firstName ?? null, lastName: dto.lastName ?? null, email: dto.email ?? null };
}

/** The command input of both create routes; absent and null mean the same here. */
export function createLicenseInput(productId: string, dto: NewLicenseRequestDto): CreateLicenseInput {
  return {
    productId,
    key: dto.key ?? null,
    expirationMode: dto.expirationMode ?? 'never',
    expiresAt: toDate(dto.expiresAt) ?? null,
    expiresAfterDays: dto.expiresAfterDays ?? null,
    policyOverride: dto.policyOverride ?? null,
    isTrial: dto.isTrial ?? false,
    contact: contactOf(dto.contact) ?? null,
    companyName: dto.companyName ?? null,
    metadata: dto.metadata ?? {},
    count: dto.count ?? null,
  };
}

/** The command input of both PATCH routes; absent stays undefined (unchanged), null is kept (clear). */
export function updateLicenseInput(dto: UpdateLicenseRequestDto): UpdateLicenseInput {
  return {
    frozen: dto.frozen,
    expirationMode: dto.expirationMode,
    expiresAt: toDate(dto.expiresAt),
    expiresAfterDays: dto.expiresAfterDays,
    policyOverride: dto.policyOverride,
    isTrial: dto.isTrial,
    contact: contactOf(dto.contact),
    companyName: dto.companyName,
    metadata: dto.metadata,
  };
}
