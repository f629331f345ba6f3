import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PRODUCT_CODE_PATTERN } from '../../domain/product-view.js';
import { POLICY_DOCUMENT_DESCRIPTION, POLICY_DOCUMENT_EXAMPLE } from './policy-document.schema.js';

/** Every field optional; an absent field is left as it is. */
export class UpdateProductRequestDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  // Present means a value: null is not a name (unlike description).
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ pattern: PRODUCT_CODE_PATTERN.source, description: 'Unique in the organization (409 CONFLICT)' })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Matches(PRODUCT_CODE_PATTERN, { message: 'code must be 2 to 64 characters of A-Z, 0-9 and _' })
  code?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      `${POLICY_DOCUMENT_DESCRIPTION} Replaces the current default as a whole (null: {}). Refused with 400 INVALID_POLICY ` +
      'when a license of the product would be left with an invalid effective policy (its override merged with the new ' +
      'default); each such detail names the license id.',
    example: POLICY_DOCUMENT_EXAMPLE,
  })
  @IsOptional()
  @IsObject()
  defaultLicensePolicy?: Record<string, unknown> | null;
}
