import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@geckoguard/audit';
import { ApiEnvelopeResponse, ApiErrorResponses, type Page, pageRequest, PathIdPipe, type RawBody } from '@geckoguard/core';
import { Idempotent } from '@geckoguard/database';
import { CurrentActor, CurrentOrgId, DashboardAccess } from '@geckoguard/identity';
import { AddBlacklistEntriesCommand } from '../commands/add-blacklist-entries/add-blacklist-entries.command.js';
import { RemoveBlacklistEntryCommand } from '../commands/remove-blacklist-entry/remove-blacklist-entry.command.js';
import type { BlacklistEntryView } from '../domain/blacklist-entry-view.js';
import { bulkResponse, singleEntryResponse } from './blacklist-responses.js';
import { BlacklistQueries } from '../queries/list-blacklist-entries/blacklist-queries.js';
import { AddBlacklistEntriesRequestDto, AddBlacklistEntryRequestDto } from './dto/add-blacklist-entry.request.dto.js';
import {
  BlacklistEntriesResultResponseDto,
  BlacklistEntryDeletedResponseDto,
  BlacklistEntryPageResponseDto,
  BlacklistEntryResultResponseDto,
} from './dto/blacklist-entry.response.dto.js';
import { ListBlacklistEntriesRequestDto } from './dto/list-blacklist-entries.request.dto.js';

const ERRORS = { 401: 'UNAUTHORIZED / EXPIRED_TOKEN', 404: 'NOT_FOUND: no such product (or entry) in an organization you belong to' };
const WRITE_ERRORS = { ...ERRORS, 403: 'FORBIDDEN: role below DEV' };

@ApiTags('blacklists')
@Controller('v1/dashboard/blacklists/products/:productId')
@ApiParam({ name: 'productId', format: 'uuid' })
export class BlacklistsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: BlacklistQueries,
  ) {}

  @Post()
  @DashboardAccess('DEV', { resource: 'products', param: 'productId' })
  @Idempotent()
  @ApiOperation({
    summary: "Add a HWID or IP (address or CIDR range) to the product's blacklist (DEV or higher)",
    description: 'The same value again updates its reason and answers 200. Checked before the policy on every authorization.',
  })
  @ApiEnvelopeResponse(201, BlacklistEntryResultResponseDto, 'Created: data.entry (blacklist.entry_added)')
  @ApiEnvelopeResponse(200, BlacklistEntryResultResponseDto, 'Already listed: data.entry with the new reason (blacklist.entry_updated when it changed)')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: bad type, value (not an address or range) or reason', ...WRITE_ERRORS })
  async add(
    @Param('productId') productId: string,
    @Body() dto: AddBlacklistEntryRequestDto,
    @CurrentActor() actor: Actor,
    @CurrentOrgId() orgId: string,
  ): Promise<RawBody> {
    const [added] = await this.commands.execute(
      new AddBlacklistEntriesCommand(actor, orgId, productId, [{ type: dto.type, value: dto.value, reason: dto.reason ?? null }]),
    );
    return singleEntryResponse(added!);
  }

  @Post('bulk')
  @DashboardAccess('DEV', { resource: 'products', param: 'productId' })
  @Idempotent()
  @ApiOperation({ summary: 'Add up to 200 entries at once, all or nothing (DEV or higher)' })
  @ApiEnvelopeResponse(201, BlacklistEntriesResultResponseDto, 'data: { entries, created, updated }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR with details under entries.<i>', ...WRITE_ERRORS })
  async bulk(
    @Param('productId') productId: string,
    @Body() dto: AddBlacklistEntriesRequestDto,
    @CurrentActor() actor: Actor,
    @CurrentOrgId() orgId: string,
  ): Promise<ReturnType<typeof bulkResponse>> {
    const inputs = dto.entries.map((e) => ({ type: e.type, value: e.value, reason: e.reason ?? null }));
    return bulkResponse(await this.commands.execute(new AddBlacklistEntriesCommand(actor, orgId, productId, inputs, 'entries')));
  }

  @Get()
  @DashboardAccess('VIEWER', { resource: 'products', param: 'productId' })
  @ApiOperation({ summary: "The product's blacklist, newest first (VIEWER or higher)" })
  @ApiEnvelopeResponse(200, BlacklistEntryPageResponseDto, 'data: { entries, page, pageSize, total }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: bad type, page or pageSize', ...ERRORS })
  async list(
    @Param('productId') productId: string,
    @Query() query: ListBlacklistEntriesRequestDto,
    @CurrentOrgId() orgId: string,
  ): Promise<Page<'entries', BlacklistEntryView>> {
    return this.queries.list(orgId, productId, query.type, pageRequest(query));
  }

  @Delete(':entryId')
  @DashboardAccess('DEV', { resource: 'products', param: 'productId' })
  @ApiOperation({ summary: 'Remove an entry (DEV or higher)' })
  @ApiParam({ name: 'entryId', format: 'uuid' })
  @ApiEnvelopeResponse(200, BlacklistEntryDeletedResponseDto, 'data: { deleted: true } (blacklist.entry_removed)')
  @ApiErrorResponses(WRITE_ERRORS)
  async remove(
    @Param('productId') productId: string,
    @Param('entryId', new PathIdPipe('Blacklist entry')) entryId: string,
    @CurrentActor() actor: Actor,
    @CurrentOrgId() orgId: string,
  ): Promise<{ deleted: true }> {
    return this.commands.execute(new RemoveBlacklistEntryCommand(actor, orgId, productId, entryId));
  }
}
