import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length } from 'class-validator';

export class DeactivateSessionRequestDto {
  @ApiProperty({ maxLength: 256, description: 'The license key. Missing: 400 { error }' })
  @IsString()
  @Length(1, 256)
  licenseToken: string;

  @ApiProperty({ maxLength: 256, description: 'The context whose seat is freed' })
  @IsString()
  @Length(1, 256)
  authContext: string;

  @ApiPropertyOptional({ type: [String], maxItems: 100, description: 'Accepted for clients that send one body to every endpoint; ignored' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  productCodes?: string[];
}
