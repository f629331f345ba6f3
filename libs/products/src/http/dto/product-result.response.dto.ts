import { ApiProperty } from '@nestjs/swagger';
import { ProductResponseDto } from './product.response.dto.js';

/** `data` of a single-product response. */
export class ProductResultResponseDto {
  @ApiProperty({ type: ProductResponseDto })
  product: ProductResponseDto;
}
