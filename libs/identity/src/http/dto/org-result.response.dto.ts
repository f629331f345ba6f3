import { ApiProperty } from '@nestjs/swagger';
import { OrgResponseDto } from './org.response.dto.js';

/** `data` of a single-organization response. */
export class OrgResultResponseDto {
  @ApiProperty({ type: OrgResponseDto })
  org: OrgResponseDto;
}
