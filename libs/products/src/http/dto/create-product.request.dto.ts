import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PRODUCT_CODE_PATTERN } from '../../domain/product-view.js';
import { POLICY_DOCUMENT_DESCRIPTION, POLICY_DOCUMENT_EXAMPLE } from './policy-document.schema.js';

export class CreateProductRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Gecko Desktop' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({
    pattern: PRODUCT_CODE_PATTERN.source,
    example: 'GECKO_DESKTOP',
    description: 'Unique in the organization (409 CONFLICT); what /licensing/* calls productCodes',
  })
  @IsString()
  @Matches(PRODUCT_CODE_PATTERN, { message: 'code must be 2 to 64 characters of A-Z, 0-9 and _' })
  code: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: `${POLICY_DOCUMENT_DESCRIPTION} Absent or null: {} (every default).`,
    example: POLICY_DOCUMENT_EXAMPLE,
  })
  @IsOptional()
  @IsObject()
  defaultLicensePolicy?: Record<string, unknown> | null;
}
