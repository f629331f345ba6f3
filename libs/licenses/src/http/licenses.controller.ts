import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@geckoguard/audit';
import { ApiEnvelopeResponse, ApiErrorResponses, AppError, type Page, pageRequest } from '@geckoguard/core';
import { Idempotent } from '@geckoguard/database';
import { CurrentActor, CurrentOrgId, DashboardAccess } from '@geckoguard/identity';
import { BulkLicenseActionCommand, type BulkLicenseActionResult } from '../commands/bulk-license-action/bulk-license-action.command.js';
import { CreateLicenseCommand } from '../commands/create-license/create-license.command.js';
import { DeleteLicenseCommand, type DeleteLicenseResult } from '../commands/delete-license/delete-license.command.js';
import { RevokeLicenseCommand } from '../commands/revoke-license/revoke-license.command.js';
import { UnlockLicenseCommand } from '../commands/unlock-license/unlock-license.command.js';
import { UnrevokeLicenseCommand } from '../commands/unrevoke-license/unrevoke-license.command.js';
import { UpdateLicenseCommand } from '../commands/update-license/update-license.command.js';
import type { LicenseView } from '../domain/license-view.js';
import { LicenseQueries, type LicensePolicyView } from '../queries/read-licenses/license-queries.js';
import { BulkLicenseActionRequestDto } from './dto/bulk-license-action.request.dto.js';
import { BulkLicenseResultResponseDto } from './dto/bulk-license-result.response.dto.js';
import { CreateLicenseRequestDto } from './dto/create-license.request.dto.js';
import { LicenseBatchResponseDto } from './dto/license-batch.response.dto.js';
import { LicenseDeletedResponseDto } from './dto/license-deleted.response.dto.js';
import { LicensePageResponseDto } from './dto/license-page.response.dto.js';
import { LicensePolicyResponseDto } from './dto/license-policy.response.dto.js';
import { LicenseResultResponseDto } from './dto/license-result.response.dto.js';
import { ListLicensesRequestDto } from './dto/list-licenses.request.dto.js';
import { RevokeLicenseRequestDto } from './dto/revoke-license.request.dto.js';
import { UpdateLicenseRequestDto } from './dto/update-license.request.dto.js';
import { createLicenseInput, updateLicenseInput } from './license-inputs.js';

const AUTH_ERRORS = {
  401: 'UNAUTHORIZED / EXPIRED_TOKEN: no valid access token',
  404: 'NOT_FOUND: no such license, or one of an organization you are not a member of',
};
const WRITE_ERRORS = { ...AUTH_ERRORS, 403: 'FORBIDDEN: role below DEV' };

@ApiTags('licenses')
@Controller('v1/dashboard')
export class LicensesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: LicenseQueries,
  ) {}

  @Post('orgs/:orgId/licenses')
  @DashboardAccess('DEV')
  @Idempotent()
  @ApiOperation({
    summary: 'Create a license, or count licenses alike (DEV or higher)',
    description:
      'Writes license.created per license. With count (1..500) all licenses are created or none, and the answer is data.licenses. ' +
      'Honours an Idempotency-Key header.',
  })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiEnvelopeResponse(201, [LicenseResultResponseDto, LicenseBatchResponseDto], 'Created: data.license, or data.licenses when count is given')
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR (fields, expiration fields that disagree with the mode, a bad custom key, key with count > 1) or INVALID_POLICY (policyOverride.*)',
    ...WRITE_ERRORS,
    404: 'NOT_FOUND: not a member of the organization, or no such product in it',
    409: 'DUPLICATE_KEY: a license with this key (after normalization) already exists',
  })
  async create(
    @Param('orgId') orgId: string,
    @Body() dto: CreateLicenseRequestDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ license: LicenseView } | { licenses: LicenseView[] }> {
    const licenses = await this.commands.execute(new CreateLicenseCommand(actor, orgId, createLicenseInput(dto.productId, dto)));
    return dto.count !== undefined ? { licenses } : { license: licenses[0]! };
  }

  @Get('orgs/:orgId/licenses')
  @DashboardAccess('VIEWER')
  @ApiOperation({ summary: "The organization's licenses, newest first (VIEWER or higher)" })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiEnvelopeResponse(200, LicensePageResponseDto, 'data: { licenses, page, pageSize, total }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: bad page, pageSize, productId, status or q', ...AUTH_ERRORS, 404: 'NOT_FOUND: not a member of the organization' })
  async list(@Param('orgId') orgId: string, @Query() query: ListLicensesRequestDto): Promise<Page<'licenses', LicenseView>> {
    return this.queries.list({ orgId }, { productId: query.productId, status: query.status, q: query.q }, pageRequest(query));
  }

  @Post('orgs/:orgId/licenses/bulk')
  @HttpCode(200)
  @DashboardAccess('DEV')
  @ApiOperation({
    summary: 'Revoke, unrevoke, freeze or unfreeze many licenses at once (DEV or higher)',
    description:
      'One transaction for the batch. Each id gets a result: ok, or error NOT_FOUND (also for licenses of other organizations). ' +
      'Ids already in the target state are ok and write nothing; updated counts the licenses that changed. reason is accepted only with revoke.',
  })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiEnvelopeResponse(200, BulkLicenseResultResponseDto, 'data: { updated, results }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: bad action, 0 or more than 1000 ids, an id that is not a UUID', ...WRITE_ERRORS })
  async bulk(@Param('orgId') orgId: string, @Body() dto: BulkLicenseActionRequestDto, @CurrentActor() actor: Actor): Promise<BulkLicenseActionResult> {
    if (dto.reason !== undefined && dto.reason !== null && dto.action !== 'revoke') {
      throw AppError.validation([{ path: 'reason', message: 'reason is accepted only with action "revoke"' }]);
    }
    return this.commands.execute(new BulkLicenseActionCommand(actor, orgId, dto.action, dto.licenseIds, dto.reason ?? null));
  }

  @Get('licenses/:id')
  @DashboardAccess('VIEWER', { resource: 'licenses', param: 'id' })
  @ApiOperation({ summary: 'One license (VIEWER or higher)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, LicenseResultResponseDto, 'data.license')
  @ApiErrorResponses(AUTH_ERRORS)
  async get(@Param('id') id: string, @CurrentOrgId() orgId: string): Promise<{ license: LicenseView }> {
    const license = await this.queries.get({ orgId }, id);
    if (!license) throw AppError.notFound('License');
    return { license };
  }

  @Get('licenses/:id/policy')
  @DashboardAccess('VIEWER', { resource: 'licenses', param: 'id' })
  @ApiOperation({ summary: "A license's policy: the product default, its override, and the effective policy (VIEWER or higher)" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, LicensePolicyResponseDto, 'data: { default, override, effective }')
  @ApiErrorResponses(AUTH_ERRORS)
  async policy(@Param('id') id: string, @CurrentOrgId() orgId: string): Promise<LicensePolicyView> {
    const policy = await this.queries.policy({ orgId }, id);
    if (!policy) throw AppError.notFound('License');
    return policy;
  }

  @Patch('licenses/:id')
  @DashboardAccess('DEV', { resource: 'licenses', param: 'id' })
  @ApiOperation({
    summary: 'Change a license (DEV or higher)',
    description:
      'Absent fields are left as they are. The expiration fields must agree with the resulting mode: a mode change sends what the new ' +
      'mode needs and null for what it drops. frozen: true/false freezes (expiry pauses) or unfreezes, writing license.frozen / ' +
      'license.unfrozen; other changes write license.updated with data.changedFields. Nothing is written when nothing changes.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, LicenseResultResponseDto, 'data.license, as changed')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR (fields, expiration fields that disagree with the mode) or INVALID_POLICY (policyOverride.*)', ...WRITE_ERRORS })
  async update(
    @Param('id') id: string,
    @Body() dto: UpdateLicenseRequestDto,
    @CurrentActor() actor: Actor,
    @CurrentOrgId() orgId: string,
  ): Promise<{ license: LicenseView }> {
    const license = await this.commands.execute(new UpdateLicenseCommand(actor, { orgId }, id, updateLicenseInput(dto)));
    return { license };
  }

  @Delete('licenses/:id')
  @DashboardAccess('DEV', { resource: 'licenses', param: 'id' })
  @ApiOperation({ summary: 'Delete a license with its bindings and sessions (DEV or higher)', description: 'Writes license.deleted; answers { deleted: true }.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, LicenseDeletedResponseDto, 'data: { deleted: true }')
  @ApiErrorResponses(WRITE_ERRORS)
  async remove(@Param('id') id: string, @CurrentActor() actor: Actor, @CurrentOrgId() orgId: string): Promise<DeleteLicenseResult> {
    return this.commands.execute(new DeleteLicenseCommand(actor, { orgId }, id));
  }

  @Post('licenses/:id/revoke')
  @HttpCode(200)
  @DashboardAccess('DEV', { resource: 'licenses', param: 'id' })
  @ApiOperation({
    summary: 'Revoke a license (DEV or higher)',
    description: 'Writes license.revoked with data.reason. Idempotent: revoking a revoked license answers 200 with the license unchanged and writes nothing.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, LicenseResultResponseDto, 'data.license')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: bad reason', ...WRITE_ERRORS })
  async revoke(
    @Param('id') id: string,
    @Body() dto: RevokeLicenseRequestDto,
    @CurrentActor() actor: Actor,
    @CurrentOrgId() orgId: string,
  ): Promise<{ license: LicenseView }> {
    return { license: await this.commands.execute(new RevokeLicenseCommand(actor, { orgId }, id, dto.reason ?? null)) };
  }

  @Post('licenses/:id/unrevoke')
  @HttpCode(200)
  @DashboardAccess('DEV', { resource: 'licenses', param: 'id' })
  @ApiOperation({ summary: 'Lift a revocation (DEV or higher)', description: 'Writes license.unrevoked; a license that is not revoked is returned unchanged.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, LicenseResultResponseDto, 'data.license')
  @ApiErrorResponses(WRITE_ERRORS)
  async unrevoke(@Param('id') id: string, @CurrentActor() actor: Actor, @CurrentOrgId() orgId: string): Promise<{ license: LicenseView }> {
    return { license: await this.commands.execute(new UnrevokeLicenseCommand(actor, { orgId }, id)) };
  }

  @Post('licenses/:id/unlock')
  @HttpCode(200)
  @DashboardAccess('DEV', { resource: 'licenses', param: 'id' })
  @ApiOperation({ summary: 'Lift a misuse lock (DEV or higher)', description: 'Writes license.unlocked; a license that is not locked is returned unchanged.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, LicenseResultResponseDto, 'data.license')
  @ApiErrorResponses(WRITE_ERRORS)
  async unlock(@Param('id') id: string, @CurrentActor() actor: Actor, @CurrentOrgId() orgId: string): Promise<{ license: LicenseView }> {
    return { license: await this.commands.execute(new UnlockLicenseCommand(actor, { orgId }, id)) };
  }
}
