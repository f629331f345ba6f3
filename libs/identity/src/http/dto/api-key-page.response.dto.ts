import { ApiProperty } from '@nestjs/swagger';
import { ApiKeyResponseDto } from './api-key.response.dto.js';

/** `data` of the API key list, newest first, revoked keys included. */
export class ApiKeyPageResponseDto {
  @ApiProperty({ type: [ApiKeyResponseDto] })
  apiKeys: ApiKeyResponseDto[];

  @ApiProperty({ minimum: 1 })
  page: number;

  @ApiProperty({ minimum: 1, maximum: 1000 })
  pageSize: number;

  @ApiProperty({ minimum: 0 })
  total: number;
}
