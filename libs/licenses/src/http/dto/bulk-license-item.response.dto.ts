import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BulkLicenseErrorResponseDto } from './bulk-license-error.response.dto.js';

/** One id of a bulk action: ok, or why not. */
export class BulkLicenseItemResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  ok: boolean;

  @ApiPropertyOptional({ type: BulkLicenseErrorResponseDto, description: 'Present when ok is false' })
  error?: BulkLicenseErrorResponseDto;
}
