import { ApiProperty } from '@nestjs/swagger';
import { ApiKeyResponseDto } from './api-key.response.dto.js';

/** `data` of revoke. */
export class ApiKeyResultResponseDto {
  @ApiProperty({ type: ApiKeyResponseDto })
  apiKey: ApiKeyResponseDto;
}
