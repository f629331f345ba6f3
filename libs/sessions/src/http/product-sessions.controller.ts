import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@geckoguard/audit';
import { ApiEnvelopeResponse, ApiErrorResponses, PageQueryDto, pageRequest, PathIdPipe } from '@geckoguard/core';
import { ApiKeyAccess, CurrentActor, CurrentApiKey, type ApiKeyPrincipal } from '@geckoguard/identity';
import { RevokeAllSessionsCommand } from '../commands/revoke-all-sessions/revoke-all-sessions.command.js';
import { RevokeSessionCommand } from '../commands/revoke-session/revoke-session.command.js';
import type { LicenseScope, SessionView } from '../domain/session-view.js';
import { SessionQueries, type SessionPage } from '../queries/list-sessions/session-queries.js';
import { SessionPageResponseDto, SessionResultResponseDto, SessionsRevokedResponseDto } from './dto/session.response.dto.js';

const ERRORS = {
  401: 'UNAUTHORIZED: missing, unknown or revoked API key',
  403: 'PERMISSION_DENIED: the key lacks the permission',
  404: "NOT_FOUND: another product's id, or no such license (or session) in the key's product",
};

function scopeOf(key: ApiKeyPrincipal, productId: string, licenseId: string, actor: Actor): LicenseScope {
  return { orgId: key.orgId, productId, licenseId, actor };
}

/** API.md §4b: the session routes for a vendor backend with an API key, on the dashboard's handlers. */
@ApiTags('sessions')
@Controller('v1/products/:productId/licenses/:id/sessions')
@ApiParam({ name: 'productId', format: 'uuid' })
@ApiParam({ name: 'id', format: 'uuid', description: 'License id' })
export class ProductSessionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: SessionQueries,
  ) {}

  @Get()
  @ApiKeyAccess('session:read')
  @ApiOperation({ summary: "The license's sessions (API key with session:read)" })
  @ApiEnvelopeResponse(200, SessionPageResponseDto, 'data: { sessions, activeCount, revokedCount, page, pageSize, total }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR', ...ERRORS })
  async list(
    @Param('productId') productId: string,
    @Param('id', new PathIdPipe('License')) id: string,
    @Query() query: PageQueryDto,
    @CurrentActor() actor: Actor,
    @CurrentApiKey() key: ApiKeyPrincipal,
  ): Promise<SessionPage> {
    return this.queries.list(scopeOf(key, productId, id, actor), pageRequest(query));
  }

  @Post('revoke-all')
  @HttpCode(200)
  @ApiKeyAccess('session:write')
  @ApiOperation({ summary: 'Revoke every open session of the license (API key with session:write)' })
  @ApiEnvelopeResponse(200, SessionsRevokedResponseDto, 'data: { revoked: n }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR', ...ERRORS })
  async revokeAll(
    @Param('productId') productId: string,
    @Param('id', new PathIdPipe('License')) id: string,
    @CurrentActor() actor: Actor,
    @CurrentApiKey() key: ApiKeyPrincipal,
  ): Promise<{ revoked: number }> {
    return this.commands.execute(new RevokeAllSessionsCommand(scopeOf(key, productId, id, actor)));
  }

  @Post(':sessionId/revoke')
  @HttpCode(200)
  @ApiKeyAccess('session:write')
  @ApiOperation({ summary: 'Revoke one session by its record id (API key with session:write)' })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiEnvelopeResponse(200, SessionResultResponseDto, 'data: { session }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR', ...ERRORS })
  async revoke(
    @Param('productId') productId: string,
    @Param('id', new PathIdPipe('License')) id: string,
    @Param('sessionId', new PathIdPipe('Session')) sessionId: string,
    @CurrentActor() actor: Actor,
    @CurrentApiKey() key: ApiKeyPrincipal,
  ): Promise<{ session: SessionView }> {
    return this.commands.execute(new RevokeSessionCommand(scopeOf(key, productId, id, actor), sessionId));
  }
}
