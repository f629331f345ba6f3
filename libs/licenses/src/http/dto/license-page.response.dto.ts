import { ApiProperty } from '@nestjs/swagger';
import { LicenseResponseDto } from './license.response.dto.js';

/** `data` of the license list, newest first. */
export class LicensePageResponseDto {
  @ApiProperty({ type: [LicenseResponseDto] })
  licenses: LicenseResponseDto[];

  @ApiProperty({ minimum: 1 })
  page: number;

  @ApiProperty({ minimum: 1, maximum: 1000 })
  pageSize: number;

  @ApiProperty({ minimum: 0 })
  total: number;
}
