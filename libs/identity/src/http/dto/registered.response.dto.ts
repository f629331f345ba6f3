import { ApiProperty } from '@nestjs/swagger';
import { OrgResponseDto } from './org.response.dto.js';
import { TokenPairResponseDto } from './token-pair.response.dto.js';
import { UserResponseDto } from './user.response.dto.js';

/** `data` of POST /v1/auth/register. */
export class RegisteredResponseDto {
  @ApiProperty({ type: UserResponseDto })
  user: UserResponseDto;

  @ApiProperty({ type: OrgResponseDto, description: 'The new organization, which the user OWNs' })
  org: OrgResponseDto;

  @ApiProperty({ type: TokenPairResponseDto })
  tokens: TokenPairResponseDto;
}
