import { ApiProperty } from '@nestjs/swagger';
import { ApiKeyResponseDto } from './api-key.response.dto.js';

/** `data` of create and rotate: the only responses that show the key. */
export class ApiKeySecretResponseDto {
  @ApiProperty({ type: ApiKeyResponseDto })
  apiKey: ApiKeyResponseDto;

  @ApiProperty({ example: 'gg_3q2-7wEXAMPLEexampleEXAMPLEexampleEXAMPLE', description: 'Shown this once; only its SHA-256 is stored' })
  key: string;
}
