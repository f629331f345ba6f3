import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { BulkLicenseAction } from '../../commands/bulk-license-action/bulk-license-action.command.js';
import { MAX_BULK_LICENSE_IDS } from '../../domain/license-view.js';

export const BULK_LICENSE_ACTIONS = ['revoke', 'unrevoke', 'freeze', 'unfreeze'] as const satisfies readonly BulkLicenseAction[];

export class BulkLicenseActionRequestDto {
  @ApiProperty({ enum: BULK_LICENSE_ACTIONS })
  @IsIn(BULK_LICENSE_ACTIONS)
  action: BulkLicenseAction;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: MAX_BULK_LICENSE_IDS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_LICENSE_IDS)
  @IsUUID(undefined, { each: true })
  licenseIds: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, description: 'Only with action "revoke": the revoke reason of every license' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string | null;
}
