import { OmitType } from '@nestjs/swagger';
import { ListAuditEventsRequestDto } from './list-audit-events.request.dto.js';

/** The cursor API's query without `limit`: `after` and the same filters. */
export class StreamAuditEventsRequestDto extends OmitType(ListAuditEventsRequestDto, ['limit'] as const) {}
