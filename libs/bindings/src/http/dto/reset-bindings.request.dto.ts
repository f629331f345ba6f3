import { ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsBoolean, IsOptional } from 'class-validator';

export class ResetBindingsRequestDto {
  @ApiPropertyOptional({ description: 'ADMIN or OWNER only: skip the reset budget; spends nothing; recorded in the event' })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

/** API keys never force (API.md §4b). */
export class ApiKeyResetBindingsRequestDto {
  @ApiPropertyOptional({ enum: [false], description: 'API keys cannot force a reset; only false is accepted' })
  @IsOptional()
  @Equals(false, { message: 'API keys cannot force a reset' })
  force?: false;
}
