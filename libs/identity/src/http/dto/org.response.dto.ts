import { ApiProperty } from '@nestjs/swagger';
import type { OrgView } from '../../domain/identity-views.js';
import { ORG_ROLES, type OrgRole } from '../../domain/roles.js';

export class OrgResponseDto implements OrgView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ORG_ROLES, description: "The caller's role in the organization" })
  role: OrgRole;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}
