import { ApiProperty } from '@nestjs/swagger';
import { MemberResponseDto } from './member.response.dto.js';

/** `data` of the member list, newest first. */
export class MemberPageResponseDto {
  @ApiProperty({ type: [MemberResponseDto] })
  members: MemberResponseDto[];

  @ApiProperty({ minimum: 1 })
  page: number;

  @ApiProperty({ minimum: 1, maximum: 1000 })
  pageSize: number;

  @ApiProperty({ minimum: 0 })
  total: number;
}
