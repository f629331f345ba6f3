import { ApiProperty } from '@nestjs/swagger';
import { MemberResponseDto } from './member.response.dto.js';

/** `data` of a single-member response. */
export class MemberResultResponseDto {
  @ApiProperty({ type: MemberResponseDto })
  member: MemberResponseDto;
}
