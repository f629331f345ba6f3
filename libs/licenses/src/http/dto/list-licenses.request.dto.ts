import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto } from '@geckoguard/core';
import type { LicenseStatus } from '../../domain/license-status.js';
import { LICENSE_STATUSES } from '../../domain/license-view.js';

export class ListLicensesRequestDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only licenses of this product' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @ApiPropertyOptional({ enum: LICENSE_STATUSES, description: 'Only licenses with this derived status, as of now' })
  @IsOptional()
  @IsIn(LICENSE_STATUSES)
  status?: LicenseStatus;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 200,
    description: 'Matches a key prefix (normalized: case, spaces and I/L/O look-alikes do not matter), or part of the contact email or company name (case-insensitive)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;
}
