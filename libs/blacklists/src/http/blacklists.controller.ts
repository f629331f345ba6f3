import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@geckoguard/audit';
import { ApiEnvelopeResponse, ApiErrorResponses, ok, RawBody } from '@geckoguard/core';
import { Idempotent } from '@geckoguard/database';
import { CurrentActor, DashboardAccess, Guarded, type GuardedRequest } from '@geckoguard/identity';
import { AddBlacklistEntryCommand } from '../commands/add-blacklist-entry/add-blacklist-entry.command.js';
import { AddBlacklistEntryRequestDto } from './dto/add-blacklist-entry.request.dto.js';
import { BlacklistEntryResultResponseDto } from './dto/blacklist-entry.response.dto.js';

@ApiTags('blacklists')
@Controller('v1/dashboard/blacklists/products/:productId')
@ApiParam({ name: 'productId', format: 'uuid' })
export class BlacklistsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @DashboardAccess('DEV', { resource: 'products', param: 'productId' })
  @Idempotent()
  @ApiOperation({
    summary: "Add a HWID or IP (address or CIDR range) to the product's blacklist (DEV or higher)",
    description: 'The same value again updates its reason and answers 200. Checked before the policy on every authorization.',
  })
  @ApiEnvelopeResponse(201, BlacklistEntryResultResponseDto, 'Created: data.entry (blacklist.entry_added)')
  @ApiEnvelopeResponse(200, BlacklistEntryResultResponseDto, 'Already listed: data.entry with the new reason (blacklist.entry_updated when it changed)')
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR: bad type, value (not an address or range) or reason',
    401: 'UNAUTHORIZED / EXPIRED_TOKEN',
    403: 'FORBIDDEN: role below DEV',
    404: 'NOT_FOUND: no such product in an organization you belong to',
  })
  async add(
    @Param('productId') productId: string,
    @Body() dto: AddBlacklistEntryRequestDto,
    @CurrentActor() actor: Actor,
    @Guarded() req: GuardedRequest,
  ): Promise<RawBody> {
    const result = await this.commands.execute(
      new AddBlacklistEntryCommand(actor, req.orgAccess!.orgId, productId, { type: dto.type, value: dto.value, reason: dto.reason ?? null }),
    );
    return new RawBody(ok({ entry: result.entry }), result.created ? 201 : 200);
  }
}
