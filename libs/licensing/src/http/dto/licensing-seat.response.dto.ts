import { ApiProperty } from '@nestjs/swagger';

export class LicensingSeatResponseDto {
  @ApiProperty({ format: 'date-time', description: 'The seat lapses then unless extended (last activate/extend + sessionTtlSeconds)' })
  expiresAt: string;
}
