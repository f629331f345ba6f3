import { ApiProperty } from '@nestjs/swagger';
import { API_KEY_PERMISSIONS } from '../../domain/api-key-permissions.js';

export class WhoamiApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: API_KEY_PERMISSIONS, isArray: true })
  permissions: string[];
}
