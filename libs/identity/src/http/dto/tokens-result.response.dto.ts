import { ApiProperty } from '@nestjs/swagger';
import { TokenPairResponseDto } from './token-pair.response.dto.js';

/** `data` of POST /v1/auth/refresh and /v1/auth/password. */
export class TokensResultResponseDto {
  @ApiProperty({ type: TokenPairResponseDto })
  tokens: TokenPairResponseDto;
}
