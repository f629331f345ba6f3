import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length } from 'class-validator';

/** activate and extend: productCodes is required here (optional only for validate). */
export class SessionLicenseRequestDto {
  @ApiProperty({ maxLength: 256, description: 'The license key; it is the credential of these endpoints. Missing: 400 { error }' })
  @IsString()
  @Length(1, 256)
  licenseToken: string;

  @ApiProperty({ type: [String], minItems: 1, maxItems: 100, description: "The license's product code must be one of them (exact match), else PRODUCT_MISMATCH" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  productCodes: string[];

  @ApiPropertyOptional({
    maxLength: 256,
    description: 'The client context: plays the HWID and names the seat. Without it activate answers SESSION_REQUIRED (or HWID_REQUIRED) and extend NO_ACTIVE_SESSION',
  })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  authContext?: string;
}
