import { ApiProperty } from '@nestjs/swagger';

/** `data` of DELETE on a license. */
export class LicenseDeletedResponseDto {
  @ApiProperty({ enum: [true], example: true })
  deleted: true;
}
