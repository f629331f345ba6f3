import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class AuthorizeLicenseRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The product the caller expects the license to belong to' })
  @IsUUID()
  productId: string;

  @ApiProperty({ maxLength: 256 })
  @IsString()
  @Length(1, 256)
  licenseKey: string;

  @ApiPropertyOptional({ maxLength: 256, description: 'Hardware id; required unless the HWID rule is unlimited' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  hwid?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 256,
    description: "End user's IP; used only for API keys with license:assert-ip, otherwise the caller's address counts (null: none)",
  })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  ip?: string | null;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  deviceId?: string;

  @ApiPropertyOptional({ maxLength: 256, description: 'Client session id; required when concurrency mode is limit' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  sessionId?: string;

  @ApiPropertyOptional({ default: false, description: 'Evaluate exactly as a real call, write nothing (its nonce excepted)' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}
