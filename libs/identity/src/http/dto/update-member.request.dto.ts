import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ORG_ROLES, type OrgRole } from '../../domain/roles.js';

export class UpdateMemberRequestDto {
  @ApiProperty({ enum: ORG_ROLES, description: 'Granting or taking away OWNER needs an OWNER (403 FORBIDDEN otherwise)' })
  @IsIn(ORG_ROLES)
  role: OrgRole;
}
