import { ApiProperty } from '@nestjs/swagger';
import { ProductResponseDto } from './product.response.dto.js';

/** `data` of the product list, newest first. */
export class ProductPageResponseDto {
  @ApiProperty({ type: [ProductResponseDto] })
  products: ProductResponseDto[];

  @ApiProperty({ minimum: 1 })
  page: number;

  @ApiProperty({ minimum: 1, maximum: 1000 })
  pageSize: number;

  @ApiProperty({ minimum: 0 })
  total: number;
}
