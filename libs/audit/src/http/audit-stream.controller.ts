import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, AppError } from '@geckoguard/core';
import { DashboardAccess, Guarded, type GuardedRequest } from '@geckoguard/identity';
import type { FastifyReply } from 'fastify';
import { AuditStreamHub } from '../stream/audit-stream.hub.js';
import { parseEventCursor } from './dto/list-audit-events.request.dto.js';
import { StreamAuditEventsRequestDto } from './dto/stream-audit-events.request.dto.js';


@ApiTags('audit')
@Controller('v1/dashboard')
export class AuditStreamController {
  constructor(private readonly hub: AuditStreamHub) {}

  @Get('orgs/:orgId/audit-events/stream')
  @DashboardAccess('VIEWER')
  @ApiOperation({
    summary: "The organization's audit events as Server-Sent Events (VIEWER or higher)",
    description:
      'Each event is sent as `id: <event id>`, `event: <type>`, `data: <the event JSON of the cursor API>`. The stream ' +
      'starts after `Last-Event-ID` (what EventSource sends when it reconnects) or else `?after=` (default: from the ' +
      'start), replays what the client missed, then follows new events, including those written by other server ' +
      'processes, within about a second. Filters as on the cursor API. A comment line (`: heartbeat`) every 15 s ' +
      'keeps idle connections open; membership is checked again at each heartbeat, and the stream ends for a caller ' +
      'no longer in the organization. Ordering and gap-freedom are those of the cursor API: ids only increase and ' +
      'resuming from the last id received never skips or repeats an event. A slow reader is not buffered for: the ' +
      'server reads on from the table when the client has taken what was sent.',
  })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id; takes precedence over ?after=' })
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'text/event-stream of the audit events', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR: after or Last-Event-ID is not an event id, or a malformed filter',
    401: 'UNAUTHORIZED / EXPIRED_TOKEN: no valid access token',
    404: 'NOT_FOUND: not a member of the organization',
  })
  stream(
    @Query() query: StreamAuditEventsRequestDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Guarded() req: GuardedRequest,
    @Res() reply: FastifyReply,
  ): void {
    if (!req.orgAccess || req.principal?.kind !== 'user') throw new AppError('UNAUTHORIZED', 'A valid access token is required');
    const after = lastEventId !== undefined ? parseEventCursor(lastEventId.trim(), 'Last-Event-ID') : parseEventCursor(query.after ?? '0', 'after');
    // From here on the response is ours to write, not Nest's.
    reply.hijack();
    this.hub.open(reply.raw, req.orgAccess.orgId, req.principal.user.userId, after, { type: query.type, licenseId: query.licenseId, productId: query.productId });
  }
}
