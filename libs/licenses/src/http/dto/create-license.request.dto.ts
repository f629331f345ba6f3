import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { NewLicenseRequestDto } from './new-license.request.dto.js';

/** POST /v1/dashboard/orgs/:orgId/licenses: the product is named in the body. */
export class CreateLicenseRequestDto extends NewLicenseRequestDto {
  @ApiProperty({ format: 'uuid', description: 'A product of the organization (404 otherwise)' })
  @IsUUID()
  productId: string;
}
