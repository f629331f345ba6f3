import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { API_KEY_PERMISSIONS, type ApiKeyPermission } from '../../domain/api-key-permissions.js';

export class CreateApiKeyRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Backend (production)' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: API_KEY_PERMISSIONS, isArray: true, example: ['license:authorize'], description: 'May be empty (whoami only)' })
  @IsArray()
  @ArrayMaxSize(API_KEY_PERMISSIONS.length * 2)
  @IsIn(API_KEY_PERMISSIONS, { each: true, message: `each permission must be one of: ${API_KEY_PERMISSIONS.join(', ')}` })
  permissions: ApiKeyPermission[];

  @ApiPropertyOptional({ default: false, description: 'Every request of this key must be signed (X-GG-Timestamp, X-GG-Nonce, X-GG-Signature)' })
  @IsOptional()
  @IsBoolean()
  requireSignature?: boolean;
}
