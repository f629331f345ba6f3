import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

/** Body of logout: empty (or absent) ends the login of the access token; a refresh token names the login. */
export class LogOutRequestDto {
  @ApiPropertyOptional({ maxLength: 512, description: 'A refresh token of the login to end; default: the login the access token belongs to' })
  @IsOptional()
  @IsString()
  @Length(1, 512)
  refreshToken?: string;
}
