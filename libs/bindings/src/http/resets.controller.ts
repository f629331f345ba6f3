import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@geckoguard/audit';
import { ApiEnvelopeResponse, ApiErrorResponses, AppError, PathIdPipe } from '@geckoguard/core';
import { ApiKeyAccess, CurrentActor, CurrentApiKey, CurrentOrgAccess, DashboardAccess, roleAtLeast, type ApiKeyPrincipal, type OrgAccess } from '@geckoguard/identity';
import { ResetBindingsCommand, type ResetBindingsResult } from '../commands/reset-bindings/reset-bindings.command.js';
import type { BindingType } from '../persistence/binding.orm-entity.js';
import { ApiKeyResetBindingsRequestDto, ResetBindingsRequestDto } from './dto/reset-bindings.request.dto.js';
import { ResetBindingsResponseDto } from './dto/reset-bindings.response.dto.js';

const RESET_ERRORS = {
  409: 'RESET_NOT_ALLOWED (max 0), RESET_BUDGET_EXHAUSTED, or RESET_COOLDOWN with error.retryAfter seconds and a Retry-After header',
};
const DASHBOARD_ERRORS = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED / EXPIRED_TOKEN',
  403: 'FORBIDDEN: role below DEV, or force without ADMIN',
  404: 'NOT_FOUND: no such license in an organization you belong to',
  ...RESET_ERRORS,
};
const API_KEY_ERRORS = {
  400: 'VALIDATION_ERROR (force is not accepted from API keys)',
  401: 'UNAUTHORIZED',
  403: 'PERMISSION_DENIED: the key lacks license:write',
  404: "NOT_FOUND: another product's id or no such license in the key's product",
  ...RESET_ERRORS,
};

/** API.md §6 resets, for the dashboard and (§4b) for API keys, on one handler. */
@ApiTags('bindings')
@Controller()
export class ResetsController {
  constructor(private readonly commands: CommandBus) {}

  private dashboardReset(type: BindingType, id: string, dto: ResetBindingsRequestDto, actor: Actor, access: OrgAccess): Promise<ResetBindingsResult> {
    if (dto.force && !roleAtLeast(access.role, 'ADMIN')) throw new AppError('FORBIDDEN', 'Only ADMIN or OWNER may force a reset');
    return this.commands.execute(new ResetBindingsCommand({ orgId: access.orgId, licenseId: id, actor }, type, dto.force ?? false));
  }

  private apiKeyReset(type: BindingType, productId: string, id: string, actor: Actor, key: ApiKeyPrincipal): Promise<ResetBindingsResult> {
    return this.commands.execute(new ResetBindingsCommand({ orgId: key.orgId, productId, licenseId: id, actor }, type, false));
  }

  @Post('v1/dashboard/licenses/:id/reset-hwid')
  @HttpCode(200)
  @DashboardAccess('DEV', { resource: 'licenses', param: 'id' })
  @ApiOperation({ summary: "Revoke the license's active HWID bindings within its reset budget (DEV or higher; force: ADMIN)" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, ResetBindingsResponseDto, 'data: { revoked, resetsUsed, resetsRemaining, nextResetAt } (license.hwid_reset)')
  @ApiErrorResponses(DASHBOARD_ERRORS)
  resetHwid(@Param('id') id: string, @Body() dto: ResetBindingsRequestDto, @CurrentActor() actor: Actor, @CurrentOrgAccess() access: OrgAccess) {
    return this.dashboardReset('HWID', id, dto, actor, access);
  }

  @Post('v1/dashboard/licenses/:id/reset-ip')
  @HttpCode(200)
  @DashboardAccess('DEV', { resource: 'licenses', param: 'id' })
  @ApiOperation({ summary: "Revoke the license's active IP bindings within its reset budget (DEV or higher; force: ADMIN)" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, ResetBindingsResponseDto, 'data: { revoked, resetsUsed, resetsRemaining, nextResetAt } (license.ip_reset)')
  @ApiErrorResponses(DASHBOARD_ERRORS)
  resetIp(@Param('id') id: string, @Body() dto: ResetBindingsRequestDto, @CurrentActor() actor: Actor, @CurrentOrgAccess() access: OrgAccess) {
    return this.dashboardReset('IP', id, dto, actor, access);
  }

  @Post('v1/products/:productId/licenses/:id/reset-hwid')
  @HttpCode(200)
  @ApiKeyAccess('license:write')
  @ApiOperation({ summary: 'Reset HWID bindings within the budget (API key with license:write; never forced)' })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, ResetBindingsResponseDto, 'data: { revoked, resetsUsed, resetsRemaining, nextResetAt }')
  @ApiErrorResponses(API_KEY_ERRORS)
  apiKeyResetHwid(
    @Param('productId') productId: string,
    @Param('id', new PathIdPipe('License')) id: string,
    @Body() _dto: ApiKeyResetBindingsRequestDto,
    @CurrentActor() actor: Actor,
    @CurrentApiKey() key: ApiKeyPrincipal,
  ) {
    return this.apiKeyReset('HWID', productId, id, actor, key);
  }

  @Post('v1/products/:productId/licenses/:id/reset-ip')
  @HttpCode(200)
  @ApiKeyAccess('license:write')
  @ApiOperation({ summary: 'Reset IP bindings within the budget (API key with license:write; never forced)' })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, ResetBindingsResponseDto, 'data: { revoked, resetsUsed, resetsRemaining, nextResetAt }')
  @ApiErrorResponses(API_KEY_ERRORS)
  apiKeyResetIp(
    @Param('productId') productId: string,
    @Param('id', new PathIdPipe('License')) id: string,
    @Body() _dto: ApiKeyResetBindingsRequestDto,
    @CurrentActor() actor: Actor,
    @CurrentApiKey() key: ApiKeyPrincipal,
  ) {
    return this.apiKeyReset('IP', productId, id, actor, key);
  }
}
