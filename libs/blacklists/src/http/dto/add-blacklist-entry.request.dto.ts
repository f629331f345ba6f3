import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import type { BlacklistType } from '../../persistence/blacklist-entry.orm-entity.js';

export class AddBlacklistEntryRequestDto {
  @ApiProperty({ enum: ['HWID', 'IP'] })
  @IsIn(['HWID', 'IP'])
  type!: BlacklistType;

  @ApiProperty({ maxLength: 256, description: 'A hardware id, an IP address, or a CIDR range (203.0.113.0/24, 2001:db8::/32)' })
  @IsString()
  @Length(1, 256)
  value!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, description: 'Shown as the message of HWID_BLACKLISTED / IP_BLACKLISTED' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string | null;
}

export class AddBlacklistEntriesRequestDto {
  @ApiProperty({ type: [AddBlacklistEntryRequestDto], minItems: 1, maxItems: 200 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  // An entry that is an array would pass ValidateNested with nothing to check in it.
  @IsObject({ each: true, message: 'each entry must be an object' })
  @ValidateNested({ each: true })
  @Type(() => AddBlacklistEntryRequestDto)
  entries!: AddBlacklistEntryRequestDto[];
}
