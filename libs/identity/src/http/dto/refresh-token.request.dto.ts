import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** Body of refresh. */
export class RefreshTokenRequestDto {
  @ApiProperty({ maxLength: 512, description: 'The refresh token of a login (from register, login or the last refresh)' })
  @IsString()
  @Length(1, 512)
  refreshToken: string;
}
