import { ApiProperty } from '@nestjs/swagger';
import { API_KEY_PERMISSIONS } from '../../domain/api-key-permissions.js';
import type { ApiKeyView } from '../../domain/identity-views.js';

/** An API key without its secret (only its first characters, `prefix`). */
export class ApiKeyResponseDto implements ApiKeyView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  productId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: 'gg_AbCdEfG', description: 'The first characters of the key, to tell keys apart' })
  prefix: string;

  @ApiProperty({ enum: API_KEY_PERMISSIONS, isArray: true })
  permissions: string[];

  @ApiProperty()
  requireSignature: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt: string | null;
}
