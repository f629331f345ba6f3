import { ApiProperty } from '@nestjs/swagger';
import type { LicenseContactView } from '../../domain/license-view.js';

export class LicenseContactResponseDto implements LicenseContactView {
  @ApiProperty({ type: String, nullable: true })
  firstName: string | null;

  @ApiProperty({ type: String, nullable: true })
  lastName: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'email' })
  email: string | null;
}
