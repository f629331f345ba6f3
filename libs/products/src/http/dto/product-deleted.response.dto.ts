import { ApiProperty } from '@nestjs/swagger';

/** `data` of DELETE /v1/dashboard/products/:id. */
export class ProductDeletedResponseDto {
  @ApiProperty({ enum: [true], example: true })
  deleted: true;
}
