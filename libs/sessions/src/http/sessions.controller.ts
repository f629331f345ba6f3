import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@geckoguard/audit';
import { ApiEnvelopeResponse, ApiErrorResponses, PageQueryDto, pageRequest, PathIdPipe } from '@geckoguard/core';
import { CurrentActor, CurrentOrgId, DashboardAccess } from '@geckoguard/identity';
import { RevokeAllSessionsCommand } from '../commands/revoke-all-sessions/revoke-all-sessions.command.js';
import { RevokeSessionCommand } from '../commands/revoke-session/revoke-session.command.js';
import type { SessionView } from '../domain/session-view.js';
import { SessionQueries, type SessionPage } from '../queries/list-sessions/session-queries.js';
import { SessionPageResponseDto, SessionResultResponseDto, SessionsRevokedResponseDto } from './dto/session.response.dto.js';

const ERRORS = { 401: 'UNAUTHORIZED / EXPIRED_TOKEN', 404: 'NOT_FOUND: no such license (or session) in an organization you belong to' };

@ApiTags('sessions')
@Controller('v1/dashboard/licenses/:id/sessions')
@ApiParam({ name: 'id', format: 'uuid', description: 'License id' })
export class SessionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: SessionQueries,
  ) {}

  @Get()
  @DashboardAccess('VIEWER', { resource: 'licenses', param: 'id' })
  @ApiOperation({ summary: "The license's sessions, revoked and ended ones included, newest first (VIEWER or higher)" })
  @ApiEnvelopeResponse(200, SessionPageResponseDto, 'data: { sessions, activeCount, revokedCount, page, pageSize, total }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: bad page or pageSize', ...ERRORS })
  async list(@Param('id') id: string, @Query() query: PageQueryDto, @CurrentOrgId() orgId: string): Promise<SessionPage> {
    return this.queries.list({ orgId, licenseId: id }, pageRequest(query));
  }

  @Post('revoke-all')
  @HttpCode(200)
  @DashboardAccess('DEV', { resource: 'licenses', param: 'id' })
  @ApiOperation({ summary: 'Revoke every open session of the license (DEV or higher); their ids are refused from then on' })
  @ApiEnvelopeResponse(200, SessionsRevokedResponseDto, 'data: { revoked: n } — one session.revoked event per session')
  @ApiErrorResponses({ ...ERRORS, 403: 'FORBIDDEN: role below DEV' })
  async revokeAll(@Param('id') id: string, @CurrentActor() actor: Actor, @CurrentOrgId() orgId: string): Promise<{ revoked: number }> {
    return this.commands.execute(new RevokeAllSessionsCommand({ orgId, licenseId: id, actor }));
  }

  @Post(':sessionId/revoke')
  @HttpCode(200)
  @DashboardAccess('DEV', { resource: 'licenses', param: 'id' })
  @ApiOperation({ summary: 'Revoke one session by its record id (DEV or higher); revoking twice changes nothing' })
  @ApiParam({ name: 'sessionId', format: 'uuid', description: 'The session record id from the list' })
  @ApiEnvelopeResponse(200, SessionResultResponseDto, 'data: { session }')
  @ApiErrorResponses({ ...ERRORS, 403: 'FORBIDDEN: role below DEV' })
  async revoke(
    @Param('id') id: string,
    @Param('sessionId', new PathIdPipe('Session')) sessionId: string,
    @CurrentActor() actor: Actor,
    @CurrentOrgId() orgId: string,
  ): Promise<{ session: SessionView }> {
    return this.commands.execute(new RevokeSessionCommand({ orgId, licenseId: id, actor }, sessionId));
  }
}
