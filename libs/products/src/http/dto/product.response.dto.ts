import { ApiProperty } from '@nestjs/swagger';
import type { ProductView } from '../../domain/product-view.js';

export class ProductResponseDto implements ProductView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  orgId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: 'GECKO_DESKTOP' })
  code: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The default policy as stored (defaults not filled in)' })
  defaultLicensePolicy: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}
