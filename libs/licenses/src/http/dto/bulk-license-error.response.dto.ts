import { ApiProperty } from '@nestjs/swagger';

/** Why one id of a bulk action failed. */
export class BulkLicenseErrorResponseDto {
  @ApiProperty({ example: 'NOT_FOUND' })
  code: string;

  @ApiProperty()
  message: string;
}
