import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, Validate, ValidateIf, ValidateNested } from 'class-validator';
import type { ExpirationMode } from '@geckoguard/expiration';
import {
  EXPIRATION_MODES,
  EXPIRES_AFTER_DAYS_MAX,
  EXPIRES_AFTER_DAYS_MIN,
  MAX_LICENSES_PER_CREATE,
  METADATA_MAX_BYTES,
} from '../../domain/license-view.js';
import { LicenseContactRequestDto } from './license-contact.request.dto.js';
import { MaxJsonBytes } from './max-json-bytes.validator.js';
import { ISO_INSTANT, ISO_INSTANT_MESSAGE } from './timestamp.js';

export const POLICY_OVERRIDE_DESCRIPTION =
  'Policy document (API.md §3) deep-merged over the product default. An unknown key, a wrong type or range, or an override ' +
  'that gives an invalid effective policy with the default is 400 INVALID_POLICY, with details under `policyOverride.`.';

/** The body of a license create, without `productId` (the two create routes take it differently). */
export class NewLicenseRequestDto {
  @ApiPropertyOptional({
    minLength: 8,
    maxLength: 128,
    pattern: '^[A-Za-z0-9_-]+$',
    description:
      'A custom key (8–128 characters of A-Z, a-z, 0-9, _ and -; spaces are dropped). Stored normalized (upper case; in the ' +
      'generated layout I/L read as 1 and O as 0). Unique across the server: 409 DUPLICATE_KEY. Absent: a generated key ' +
      '(XXXXX-XXXXX-XXXXX-XXXXX-XXXXX). Not allowed with count > 1.',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MaxLength(1000)
  key?: string;

  @ApiPropertyOptional({ enum: EXPIRATION_MODES, default: 'never' })
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(EXPIRATION_MODES)
  expirationMode?: ExpirationMode;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'Required by fixed and both; absent or null otherwise. May be in the past.' })
  @IsOptional()
  @IsString()
  @Matches(ISO_INSTANT, { message: ISO_INSTANT_MESSAGE })
  @IsISO8601({ strict: true }, { message: ISO_INSTANT_MESSAGE })
  expiresAt?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: EXPIRES_AFTER_DAYS_MIN,
    maximum: EXPIRES_AFTER_DAYS_MAX,
    description: 'Required by afterActivation and both; absent or null otherwise.',
  })
  @IsOptional()
  @IsInt()
  @Min(EXPIRES_AFTER_DAYS_MIN)
  @Max(EXPIRES_AFTER_DAYS_MAX)
  expiresAfterDays?: number | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: POLICY_OVERRIDE_DESCRIPTION })
  @IsOptional()
  @IsObject()
  policyOverride?: Record<string, unknown> | null;

  @ApiPropertyOptional({ default: false })
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  isTrial?: boolean;

  @ApiPropertyOptional({ type: LicenseContactRequestDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LicenseContactRequestDto)
  contact?: LicenseContactRequestDto | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  companyName?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: `Any JSON object of at most ${METADATA_MAX_BYTES} bytes; absent or null: {}` })
  @IsOptional()
  @IsObject()
  @Validate(MaxJsonBytes, [METADATA_MAX_BYTES])
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_LICENSES_PER_CREATE,
    description: 'Create this many licenses alike, all or nothing; the response is then data.licenses (also for count 1).',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_LICENSES_PER_CREATE)
  count?: number;
}
