import { ApiProperty } from '@nestjs/swagger';
import { BulkLicenseItemResponseDto } from './bulk-license-item.response.dto.js';

/** `data` of a bulk action. */
export class BulkLicenseResultResponseDto {
  @ApiProperty({ description: 'Licenses whose state changed (ids already in the target state are ok but not counted)' })
  updated: number;

  @ApiProperty({ type: [BulkLicenseItemResponseDto], description: 'One entry per distinct id, in request order' })
  results: BulkLicenseItemResponseDto[];
}
