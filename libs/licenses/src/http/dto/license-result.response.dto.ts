import { ApiProperty } from '@nestjs/swagger';
import { LicenseResponseDto } from './license.response.dto.js';

/** `data` of a single-license response. */
export class LicenseResultResponseDto {
  @ApiProperty({ type: LicenseResponseDto })
  license: LicenseResponseDto;
}
