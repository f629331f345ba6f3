import { ApiProperty } from '@nestjs/swagger';
import type { ExpirationMode } from '@geckoguard/expiration';
import type { LicenseStatus } from '../../domain/license-status.js';
import { EXPIRATION_MODES, LICENSE_STATUSES, type LicenseView } from '../../domain/license-view.js';
import { LicenseContactResponseDto } from './license-contact.response.dto.js';

/** A license (API.md §4); every field is always present, null when without a value. */
export class LicenseResponseDto implements LicenseView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  orgId: string;

  @ApiProperty({ format: 'uuid' })
  productId: string;

  @ApiProperty({ example: '7K3QF-9XH2M-P4RVD-1ZC8N-W6T0B', description: 'The license key in its normalized form' })
  key: string;

  @ApiProperty({ enum: LICENSE_STATUSES, description: 'REVOKED, else LOCKED, else FROZEN, else EXPIRED (past effectiveExpiresAt), else ACTIVE' })
  status: LicenseStatus;

  @ApiProperty({ enum: EXPIRATION_MODES })
  expirationMode: ExpirationMode;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt: string | null;

  @ApiProperty({ type: Number, nullable: true })
  expiresAfterDays: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set by the first successful, non-dry-run decision' })
  activatedAt: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The earlier of the bounds the mode uses, moved later by the time spent frozen; while frozen, where it would be if unfrozen now',
  })
  effectiveExpiresAt: string | null;

  @ApiProperty()
  frozen: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Start of the current frozen interval' })
  frozenAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  revokeReason: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lockedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  lockReason: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The override as stored' })
  policyOverride: Record<string, unknown> | null;

  @ApiProperty()
  isTrial: boolean;

  @ApiProperty({ type: LicenseContactResponseDto })
  contact: LicenseContactResponseDto;

  @ApiProperty({ type: String, nullable: true })
  companyName: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  metadata: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}
