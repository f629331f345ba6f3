import { ApiProperty } from '@nestjs/swagger';

/** `data` of DELETE /v1/dashboard/orgs/:orgId/members/:memberId. */
export class MemberDeletedResponseDto {
  @ApiProperty({ enum: [true], example: true })
  deleted: true;
}
