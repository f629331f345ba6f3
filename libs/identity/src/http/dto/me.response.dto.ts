import { ApiProperty } from '@nestjs/swagger';
import { MembershipResponseDto } from './membership.response.dto.js';
import { UserResponseDto } from './user.response.dto.js';

/** `data` of GET /v1/dashboard/me. */
export class MeResponseDto {
  @ApiProperty({ type: UserResponseDto })
  user: UserResponseDto;

  @ApiProperty({ type: [MembershipResponseDto], description: 'Newest organization first' })
  orgs: MembershipResponseDto[];
}
