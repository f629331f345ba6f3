import { ApiProperty } from '@nestjs/swagger';

export class BindingResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['HWID', 'IP'] }) type!: string;
  @ApiProperty({ description: 'Hex SHA-256 of the raw HWID, or of the normalized IP (IPv6 as its /64)' }) valueHash!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Country code of an IP binding (ZZ when unknown)' }) region!: string | null;
  @ApiProperty({ format: 'date-time' }) firstSeenAt!: string;
  @ApiProperty({ format: 'date-time', description: 'May lag by up to 60 s' }) lastSeenAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}
