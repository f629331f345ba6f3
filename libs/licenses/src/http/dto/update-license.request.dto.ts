import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, Validate, ValidateIf, ValidateNested } from 'class-validator';
import type { ExpirationMode } from '@geckoguard/expiration';
import { EXPIRATION_MODES, EXPIRES_AFTER_DAYS_MAX, EXPIRES_AFTER_DAYS_MIN, METADATA_MAX_BYTES } from '../../domain/license-view.js';
import { LicenseContactRequestDto } from './license-contact.request.dto.js';
import { MaxJsonBytes } from './max-json-bytes.validator.js';
import { POLICY_OVERRIDE_DESCRIPTION } from './new-license.request.dto.js';
import { ISO_INSTANT, ISO_INSTANT_MESSAGE } from './timestamp.js';

/** Every field optional; an absent field is left as it is. */
export class UpdateLicenseRequestDto {
  @ApiPropertyOptional({ description: 'true freezes (expiry pauses, license.frozen), false unfreezes (license.unfrozen)' })
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  frozen?: boolean;

  @ApiPropertyOptional({
    enum: EXPIRATION_MODES,
    description: 'A mode change sends what the new mode needs and null for what it drops; the resulting combination must agree (400).',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(EXPIRATION_MODES)
  expirationMode?: ExpirationMode;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @IsString()
  @Matches(ISO_INSTANT, { message: ISO_INSTANT_MESSAGE })
  @IsISO8601({ strict: true }, { message: ISO_INSTANT_MESSAGE })
  expiresAt?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: EXPIRES_AFTER_DAYS_MIN, maximum: EXPIRES_AFTER_DAYS_MAX })
  @IsOptional()
  @IsInt()
  @Min(EXPIRES_AFTER_DAYS_MIN)
  @Max(EXPIRES_AFTER_DAYS_MAX)
  expiresAfterDays?: number | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: `${POLICY_OVERRIDE_DESCRIPTION} null clears it.` })
  @IsOptional()
  @IsObject()
  policyOverride?: Record<string, unknown> | null;

  @ApiPropertyOptional()
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  isTrial?: boolean;

  @ApiPropertyOptional({ type: LicenseContactRequestDto, nullable: true, description: 'Replaces the whole contact (absent members become null); null clears it.' })
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

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: `Replaces the whole object (null: {}); at most ${METADATA_MAX_BYTES} bytes as JSON` })
  @IsOptional()
  @IsObject()
  @Validate(MaxJsonBytes, [METADATA_MAX_BYTES])
  metadata?: Record<string, unknown> | null;
}
