import { ApiProperty } from '@nestjs/swagger';
import { OrgResponseDto } from './org.response.dto.js';

/** `data` of the caller's organizations, newest first. */
export class OrgPageResponseDto {
  @ApiProperty({ type: [OrgResponseDto] })
  orgs: OrgResponseDto[];

  @ApiProperty({ minimum: 1 })
  page: number;

  @ApiProperty({ minimum: 1, maximum: 1000 })
  pageSize: number;

  @ApiProperty({ minimum: 0 })
  total: number;
}
