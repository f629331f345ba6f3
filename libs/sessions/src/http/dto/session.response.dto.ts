import { ApiProperty } from '@nestjs/swagger';

export class SessionResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The session record id (what revoke takes)' }) id!: string;
  @ApiProperty({ description: "Hex SHA-256 of the client's sessionId" }) sessionIdHash!: string;
  @ApiProperty({ type: String, nullable: true }) ipHash!: string | null;
  @ApiProperty({ type: String, nullable: true }) hwidHash!: string | null;
  @ApiProperty({ type: String, nullable: true }) deviceId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt!: string;
  @ApiProperty({ format: 'date-time', description: 'lastSeenAt + the policy sessionTtlSeconds when last seen' }) expiresAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
}

export class SessionResultResponseDto {
  @ApiProperty({ type: SessionResponseDto }) session!: SessionResponseDto;
}

export class SessionsRevokedResponseDto {
  @ApiProperty({ description: 'Sessions revoked by this call' }) revoked!: number;
}

export class SessionPageResponseDto {
  @ApiProperty({ type: [SessionResponseDto] }) sessions!: SessionResponseDto[];
  @ApiProperty({ description: 'Not revoked, not ended, seen within sessionTtlSeconds' }) activeCount!: number;
  @ApiProperty() revokedCount!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}
