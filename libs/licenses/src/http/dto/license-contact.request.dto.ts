import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';

/** The license holder; every field optional (absent means null). */
export class LicenseContactRequestDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  firstName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  lastName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email', maxLength: 320 })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  @IsEmail()
  email?: string | null;
}
