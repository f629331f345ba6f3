import { ApiProperty } from '@nestjs/swagger';
import type { MembershipView } from '../../domain/identity-views.js';
import { ORG_ROLES, type OrgRole } from '../../domain/roles.js';

/** An organization the caller belongs to, with their role. */
export class MembershipResponseDto implements MembershipView {
  @ApiProperty({ format: 'uuid', description: 'The organization id' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ORG_ROLES })
  role: OrgRole;
}
