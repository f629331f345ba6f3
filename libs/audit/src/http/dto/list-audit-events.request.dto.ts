import { AppError } from '@geckoguard/core';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

/** The largest id a bigint column holds; a cursor beyond it cannot name an event. */
export const MAX_EVENT_ID = 9223372036854775807n;
const EVENT_ID = /^[0-9]{1,19}$/;

/** An event-id cursor (`?after=`, `Last-Event-ID`) in canonical decimal, or 400 naming `path`. */
export function parseEventCursor(value: string, path: string): string {
  const id = EVENT_ID.test(value) ? BigInt(value) : null;
  if (id === null || id > MAX_EVENT_ID) throw AppError.validation([{ path, message: `${path} must be an event id (a non-negative decimal integer)` }]);
  return id.toString();
}

export class ListAuditEventsRequestDto {
  @ApiPropertyOptional({
    description: 'Exclusive cursor: return events with a larger id. A non-negative decimal integer; absent means "0" (from the start).',
    example: '0',
    pattern: '^[0-9]{1,19}$',
  })
  @IsOptional()
  @Matches(EVENT_ID, { message: 'after must be a non-negative decimal integer (an event id)' })
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
