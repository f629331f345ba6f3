import { ApiProperty } from '@nestjs/swagger';
import { LicenseResponseDto } from './license.response.dto.js';

/** `data` of a create with `count`: every license created, in creation order. */
export class LicenseBatchResponseDto {
  @ApiProperty({ type: [LicenseResponseDto] })
  licenses: LicenseResponseDto[];
}
