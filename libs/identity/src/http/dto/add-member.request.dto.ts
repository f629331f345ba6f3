import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { ORG_ROLES, type OrgRole } from '../../domain/roles.js';

export class AddMemberRequestDto {
  @ApiProperty({ maxLength: 320, description: 'Email of an existing user (404 NOT_FOUND otherwise)' })
  @IsString()
  @Length(1, 320)
  email: string;

  @ApiProperty({ enum: ORG_ROLES, description: 'OWNER only when the caller is an OWNER (403 FORBIDDEN otherwise)' })
  @IsIn(ORG_ROLES)
  role: OrgRole;
}
