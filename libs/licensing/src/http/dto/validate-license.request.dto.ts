import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length } from 'class-validator';

export class ValidateLicenseRequestDto {
  @ApiProperty({ maxLength: 256, description: 'The license key; it is the credential of these endpoints. Missing: 400 { error }' })
  @IsString()
  @Length(1, 256)
  licenseToken: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 100,
    description: "Product codes the caller accepts; the license's product code must be one of them (exact match), else PRODUCT_MISMATCH",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  productCodes?: string[];

  @ApiPropertyOptional({ maxLength: 256, description: 'The client context (plays the HWID); required unless the HWID rule is unlimited' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  authContext?: string;
}
