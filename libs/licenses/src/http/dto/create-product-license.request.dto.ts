import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID, ValidateIf } from 'class-validator';
import { NewLicenseRequestDto } from './new-license.request.dto.js';

/** POST /v1/products/:productId/licenses: the product comes from the path; a body productId must repeat it. */
export class CreateProductLicenseRequestDto extends NewLicenseRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Optional; must equal the path productId (400 otherwise)' })
  @ValidateIf((_, value) => value !== undefined)
  @IsUUID()
  productId?: string;
}
