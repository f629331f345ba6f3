import { ApiProperty } from '@nestjs/swagger';
import type { TokenPair } from '../../domain/identity-views.js';

export class TokenPairResponseDto implements TokenPair {
  @ApiProperty({ description: 'HS256 JWT for `Authorization: Bearer`; short-lived (ACCESS_TOKEN_TTL_SECONDS, default 900)' })
  accessToken: string;

  @ApiProperty({
    description:
      'Opaque; exchange it at POST /v1/auth/refresh. Single use: each refresh returns a new one, and presenting a used one ' +
      'revokes every token of the login (REFRESH_TOKEN_TTL_DAYS, default 30)',
  })
  refreshToken: string;

  @ApiProperty({ format: 'date-time' })
  accessTokenExpiresAt: string;

  @ApiProperty({ format: 'date-time' })
  refreshTokenExpiresAt: string;
}
