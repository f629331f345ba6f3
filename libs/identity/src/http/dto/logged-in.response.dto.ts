import { ApiProperty } from '@nestjs/swagger';
import { TokenPairResponseDto } from './token-pair.response.dto.js';
import { UserResponseDto } from './user.response.dto.js';

/** `data` of POST /v1/auth/login. */
export class LoggedInResponseDto {
  @ApiProperty({ type: UserResponseDto })
  user: UserResponseDto;

  @ApiProperty({ type: TokenPairResponseDto })
  tokens: TokenPairResponseDto;
}
