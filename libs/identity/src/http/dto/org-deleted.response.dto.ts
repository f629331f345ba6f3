import { ApiProperty } from '@nestjs/swagger';

/** `data` of DELETE /v1/dashboard/orgs/:orgId. */
export class OrgDeletedResponseDto {
  @ApiProperty({ enum: [true], example: true })
  deleted: true;
}
