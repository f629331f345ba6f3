import { ApiProperty } from '@nestjs/swagger';
import type { UserView } from '../../domain/identity-views.js';

export class UserResponseDto implements UserView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'email', description: 'Lower-cased' })
  email: string;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
