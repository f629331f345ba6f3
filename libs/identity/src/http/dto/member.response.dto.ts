import { ApiProperty } from '@nestjs/swagger';
import type { MemberView } from '../../domain/identity-views.js';
import { ORG_ROLES, type OrgRole } from '../../domain/roles.js';

export class MemberResponseDto implements MemberView {
  @ApiProperty({ format: 'uuid', description: 'The membership id (`:memberId`)' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ format: 'email' })
  email: string;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty({ enum: ORG_ROLES })
  role: OrgRole;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}
