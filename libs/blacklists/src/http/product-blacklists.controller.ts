import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@geckoguard/audit';
import { ApiEnvelopeResponse, ApiErrorResponses, type Page, pageRequest, PathIdPipe, RawBody } from '@geckoguard/core';
import { Idempotent } from '@geckoguard/database';
import { ApiKeyAccess, CurrentActor, CurrentApiKey, type ApiKeyPrincipal } from '@geckoguard/identity';
import { AddBlacklistEntriesCommand } from '../commands/add-blacklist-entries/add-blacklist-entries.command.js';
import { RemoveBlacklistEntryCommand } from '../commands/remove-blacklist-entry/remove-blacklist-entry.command.js';
import type { BlacklistEntryView } from '../domain/blacklist-entry-view.js';
import { BlacklistQueries } from '../queries/list-blacklist-entries/blacklist-queries.js';
import { singleEntryResponse } from './blacklist-responses.js';
import { AddBlacklistEntryRequestDto } from './dto/add-blacklist-entry.request.dto.js';
import { BlacklistEntryDeletedResponseDto, BlacklistEntryPageResponseDto, BlacklistEntryResultResponseDto } from './dto/blacklist-entry.response.dto.js';
import { ListBlacklistEntriesRequestDto } from './dto/list-blacklist-entries.request.dto.js';

const ERRORS = {
  401: 'UNAUTHORIZED: missing, unknown or revoked API key',
  403: 'PERMISSION_DENIED: the key lacks the permission',
  404: "NOT_FOUND: another product's id, or no such entry in the key's product",
};

/** API.md §4b: the blacklist routes for a vendor backend with an API key, on the dashboard's handlers. */
@ApiTags('blacklists')
@Controller('v1/products/:productId/blacklists')
@ApiParam({ name: 'productId', format: 'uuid' })
export class ProductBlacklistsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: BlacklistQueries,
  ) {}

  @Post()
  @ApiKeyAccess('blacklist:write')
  @Idempotent()
  @ApiOperation({ summary: 'Add a HWID or IP (address or CIDR range) to the blacklist (API key with blacklist:write)' })
  @ApiEnvelopeResponse(201, BlacklistEntryResultResponseDto, 'Created: data.entry; 200 when the value was already listed')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR', ...ERRORS })
  async add(
    @Param('productId') productId: string,
    @Body() dto: AddBlacklistEntryRequestDto,
    @CurrentActor() actor: Actor,
    @CurrentApiKey() key: ApiKeyPrincipal,
  ): Promise<RawBody> {
    const [added] = await this.commands.execute(
      new AddBlacklistEntriesCommand(actor, key.orgId, productId, [{ type: dto.type, value: dto.value, reason: dto.reason ?? null }]),
    );
    return singleEntryResponse(added!);
  }

  @Get()
  @ApiKeyAccess('blacklist:read')
  @ApiOperation({ summary: 'The blacklist, newest first (API key with blacklist:read)' })
  @ApiEnvelopeResponse(200, BlacklistEntryPageResponseDto, 'data: { entries, page, pageSize, total }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR', ...ERRORS })
  async list(
    @Param('productId') productId: string,
    @Query() query: ListBlacklistEntriesRequestDto,
    @CurrentApiKey() key: ApiKeyPrincipal,
  ): Promise<Page<'entries', BlacklistEntryView>> {
    return this.queries.list(key.orgId, productId, query.type, pageRequest(query));
  }

  @Delete(':entryId')
  @ApiKeyAccess('blacklist:write')
  @ApiOperation({ summary: 'Remove an entry (API key with blacklist:write)' })
  @ApiParam({ name: 'entryId', format: 'uuid' })
  @ApiEnvelopeResponse(200, BlacklistEntryDeletedResponseDto, 'data: { deleted: true }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR', ...ERRORS })
  async remove(
    @Param('productId') productId: string,
    @Param('entryId', new PathIdPipe('Blacklist entry')) entryId: string,
    @CurrentActor() actor: Actor,
    @CurrentApiKey() key: ApiKeyPrincipal,
  ): Promise<{ deleted: true }> {
    return this.commands.execute(new RemoveBlacklistEntryCommand(actor, key.orgId, productId, entryId));
  }
}
