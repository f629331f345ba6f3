import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class RevokeLicenseRequestDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, description: 'Shown as revokeReason and in license.revoked data.reason' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string | null;
}
