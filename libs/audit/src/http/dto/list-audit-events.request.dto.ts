import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

/** The largest id a bigint column holds; a cursor beyond it cannot name an event. */
export const MAX_EVENT_ID = 9223372036854775807n;

export class ListAuditEventsRequestDto {
  @ApiPropertyOptional({
    description: 'Exclusive cursor: return events with a larger id. A non-negative decimal integer; absent means "0" (from the start).',
    example: '0',
    pattern: '^[0-9]{1,19}$',
  })
  @IsOptional()
  @Matches(/^[0-9]{1,19}$/, { message: 'after must be a non-negative decimal integer (an event id)' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'Only events of this type (API.md §9), e.g. license.created', example: 'license.created' })
  @IsOptional()
  @Matches(/^[a-z0-9_.]{1,64}$/, { message: 'type must be an event type such as license.created' })
  type?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only events of this license' })
  @IsOptional()
  @IsUUID()
  licenseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only events of this product' })
  @IsOptional()
  @IsUUID()
  productId?: string;
}
