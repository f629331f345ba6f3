import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@geckoguard/core';
import { IsIn, IsOptional } from 'class-validator';
import type { BlacklistType } from '../../persistence/blacklist-entry.orm-entity.js';

export class ListBlacklistEntriesRequestDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['HWID', 'IP'] })
  @IsOptional()
  @IsIn(['HWID', 'IP'])
  type?: BlacklistType;
}
