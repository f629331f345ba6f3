import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '../../domain/identity-rules.js';

export class LoginRequestDto {
  @ApiProperty({ maxLength: 320, example: 'owner@example.com' })
  @IsString()
  @Length(1, 320)
  email: string;

  @ApiProperty({ maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  password: string;
}
