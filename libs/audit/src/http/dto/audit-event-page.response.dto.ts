import { ApiProperty } from '@nestjs/swagger';
import { AuditEventResponseDto } from './audit-event.response.dto.js';

/** `data` of a cursor read: events in ascending id order and where to resume. */
export class AuditEventPageResponseDto {
  @ApiProperty({ type: [AuditEventResponseDto] })
  events: AuditEventResponseDto[];

  @ApiProperty({ description: 'Pass as `after` to read on: the last id returned, or `after` itself on an empty page. Never null.', example: '42' })
  nextCursor: string;
}
