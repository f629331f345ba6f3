import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiEnvelopeResponse, ApiErrorResponses } from '@geckoguard/core';
import { CurrentOrgId, DashboardAccess } from '@geckoguard/identity';
import { type AuditEventPage, AuditEventQueries } from '../queries/read-audit-events/audit-event-queries.js';
import { AuditEventPageResponseDto } from './dto/audit-event-page.response.dto.js';
import { ListAuditEventsRequestDto, parseEventCursor } from './dto/list-audit-events.request.dto.js';

const DEFAULT_LIMIT = 100;

@ApiTags('audit')
@Controller('v1/dashboard')
export class AuditEventsController {
  constructor(private readonly queries: AuditEventQueries) {}

  @Get('orgs/:orgId/audit-events')
  @DashboardAccess('VIEWER')
  @ApiOperation({
    summary: "The organization's audit events after a cursor, oldest first (VIEWER or higher)",
    description:
      'Pages through the audit stream in ascending id order. Start with no `after` (or "0"), then pass the returned ' +
      '`nextCursor` as `after`; an empty page returns `after` itself as `nextCursor`, so polling can continue from it. ' +
      'Reading on from `nextCursor` never skips an event: an event is served once no transaction that could still commit ' +
      'an event before it is running (event ids start with the writing transaction id), so an event may appear a moment ' +
      'after its commit while an older transaction of the database is still open.',
  })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiEnvelopeResponse(200, AuditEventPageResponseDto, 'data: { events, nextCursor }')
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR: after is not a non-negative decimal integer, limit outside 1..1000, or a malformed filter',
    401: 'UNAUTHORIZED / EXPIRED_TOKEN: no valid access token',
    404: 'NOT_FOUND: not a member of the organization',
  })
  async list(@Query() query: ListAuditEventsRequestDto, @CurrentOrgId() orgId: string): Promise<AuditEventPage> {
    const after = parseEventCursor(query.after ?? '0', 'after');
    return this.queries.page(orgId, {
      after,
      limit: query.limit ?? DEFAULT_LIMIT,
      type: query.type,
      licenseId: query.licenseId,
      productId: query.productId,
    });
  }
}
