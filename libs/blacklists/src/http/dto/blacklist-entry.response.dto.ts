import { ApiProperty } from '@nestjs/swagger';

export class BlacklistEntryResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) productId!: string;
  @ApiProperty({ enum: ['HWID', 'IP'] }) type!: string;
  @ApiProperty({ description: 'As first entered, for display (valueHash is of the canonical form: another spelling of the same address or range is the same entry)' }) value!: string;
  @ApiProperty({ description: 'Hex SHA-256 of the canonical value' }) valueHash!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class BlacklistEntryResultResponseDto {
  @ApiProperty({ type: BlacklistEntryResponseDto }) entry!: BlacklistEntryResponseDto;
}

export class BlacklistEntriesResultResponseDto {
  @ApiProperty({ type: [BlacklistEntryResponseDto], description: 'In the order given' }) entries!: BlacklistEntryResponseDto[];
  @ApiProperty({ description: 'Entries that were new' }) created!: number;
  @ApiProperty({ description: 'Entries already listed (their reason set to the one given)' }) updated!: number;
}

export class BlacklistEntryPageResponseDto {
  @ApiProperty({ type: [BlacklistEntryResponseDto] }) entries!: BlacklistEntryResponseDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

export class BlacklistEntryDeletedResponseDto {
  @ApiProperty({ enum: [true] }) deleted!: true;
}
