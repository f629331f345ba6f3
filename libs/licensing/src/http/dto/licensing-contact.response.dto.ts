import { ApiProperty } from '@nestjs/swagger';

export class LicensingContactResponseDto {
  @ApiProperty({ type: String, nullable: true })
  firstName: string | null;

  @ApiProperty({ type: String, nullable: true })
  lastName: string | null;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;
}
