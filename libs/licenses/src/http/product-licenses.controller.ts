import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@geckoguard/audit';
import { ApiEnvelopeResponse, ApiErrorResponses, AppError, type Page, pageRequest } from '@geckoguard/core';
import { Idempotent } from '@geckoguard/database';
import { ApiKeyAccess, CurrentActor, CurrentApiKey, type ApiKeyPrincipal } from '@geckoguard/identity';
import { CreateLicenseCommand } from '../commands/create-license/create-license.command.js';
import { DeleteLicenseCommand, type DeleteLicenseResult } from '../commands/delete-license/delete-license.command.js';
import { RevokeLicenseCommand } from '../commands/revoke-license/revoke-license.command.js';
import { UnrevokeLicenseCommand } from '../commands/unrevoke-license/unrevoke-license.command.js';
import { UpdateLicenseCommand } from '../commands/update-license/update-license.command.js';
import type { LicenseScope } from '../domain/license-scope.js';
import type { LicenseView } from '../domain/license-view.js';
import { LicenseQueries } from '../queries/read-licenses/license-queries.js';
import { CreateProductLicenseRequestDto } from './dto/create-product-license.request.dto.js';
import { LicenseBatchResponseDto } from './dto/license-batch.response.dto.js';
import { LicenseDeletedResponseDto } from './dto/license-deleted.response.dto.js';
import { LicensePageResponseDto } from './dto/license-page.response.dto.js';
import { LicenseResultResponseDto } from './dto/license-result.response.dto.js';
import { ListLicensesRequestDto } from './dto/list-licenses.request.dto.js';
import { RevokeLicenseRequestDto } from './dto/revoke-license.request.dto.js';
import { UpdateLicenseRequestDto } from './dto/update-license.request.dto.js';
import { createLicenseInput, updateLicenseInput } from './license-inputs.js';

const KEY_ERRORS = {
  401: 'UNAUTHORIZED: missing, unknown or revoked API key (or SIGNATURE_* for a key that requires signing)',
  403: 'PERMISSION_DENIED: the key lacks the permission',
  404: "NOT_FOUND: another product than the key's, or no such license of the key's product",
};

/** The API key's organization and product (the guard has checked the path productId against the key). */
function scopeOf(key: ApiKeyPrincipal): LicenseScope {
  return { orgId: key.orgId, productId: key.productId };
}

function samePath(field: string, value: string | undefined, path: string): void {
  if (value !== undefined && value.toLowerCase() !== path.toLowerCase()) {
    throw AppError.validation([{ path: field, message: `${field} must equal the productId of the path` }]);
  }
}

/**
 * API.md §4b: the dashboard's license operations for a vendor backend holding an API key, scoped to the key's
 * product. Same commands, queries, bodies and responses as the dashboard routes.
 */
@ApiTags('licenses (API key)')
@Controller('v1/products/:productId/licenses')
export class ProductLicensesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: LicenseQueries,
  ) {}

  @Post()
  @ApiKeyAccess('license:create')
  @Idempotent()
  @ApiOperation({
    summary: 'Create a license of the key’s product (license:create)',
    description: 'As POST /v1/dashboard/orgs/:orgId/licenses; productId in the body is optional and must equal the path. Honours an Idempotency-Key header.',
  })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiEnvelopeResponse(201, [LicenseResultResponseDto, LicenseBatchResponseDto], 'Created: data.license, or data.licenses when count is given')
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR (fields, a body productId other than the path, ...) or INVALID_POLICY (policyOverride.*)',
    ...KEY_ERRORS,
    409: 'DUPLICATE_KEY: a license with this key (after normalization) already exists',
  })
  async create(
    @Param('productId') productId: string,
    @Body() dto: CreateProductLicenseRequestDto,
    @CurrentActor() actor: Actor,
    @CurrentApiKey() key: ApiKeyPrincipal,
  ): Promise<{ license: LicenseView } | { licenses: LicenseView[] }> {
    samePath('productId', dto.productId, productId);
    const scope = scopeOf(key);
    const licenses = await this.commands.execute(new CreateLicenseCommand(actor, scope.orgId, createLicenseInput(scope.productId!, dto)));
    return dto.count !== undefined ? { licenses } : { license: licenses[0]! };
  }

  @Get()
  @ApiKeyAccess('license:read')
  @ApiOperation({ summary: 'The key’s product’s licenses, newest first (license:read)', description: 'Filters as the dashboard list; a productId filter must equal the path.' })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiEnvelopeResponse(200, LicensePageResponseDto, 'data: { licenses, page, pageSize, total }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: bad page, pageSize, productId, status or q', ...KEY_ERRORS })
  async list(@Param('productId') productId: string, @Query() query: ListLicensesRequestDto, @CurrentApiKey() key: ApiKeyPrincipal): Promise<Page<'licenses', LicenseView>> {
    samePath('productId', query.productId, productId);
    return this.queries.list(scopeOf(key), { status: query.status, q: query.q }, pageRequest(query));
  }

  @Get(':id')
  @ApiKeyAccess('license:read')
  @ApiOperation({ summary: 'One license of the key’s product (license:read)' })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, LicenseResultResponseDto, 'data.license')
  @ApiErrorResponses(KEY_ERRORS)
  async get(@Param('id') id: string, @CurrentApiKey() key: ApiKeyPrincipal): Promise<{ license: LicenseView }> {
    const license = await this.queries.get(scopeOf(key), id);
    if (!license) throw AppError.notFound('License');
    return { license };
  }

  @Patch(':id')
  @ApiKeyAccess('license:write')
  @ApiOperation({ summary: 'Change a license of the key’s product (license:write)', description: 'As PATCH /v1/dashboard/licenses/:id.' })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, LicenseResultResponseDto, 'data.license, as changed')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR or INVALID_POLICY', ...KEY_ERRORS })
  async update(@Param('id') id: string, @Body() dto: UpdateLicenseRequestDto, @CurrentActor() actor: Actor, @CurrentApiKey() key: ApiKeyPrincipal): Promise<{ license: LicenseView }> {
    return { license: await this.commands.execute(new UpdateLicenseCommand(actor, scopeOf(key), id, updateLicenseInput(dto))) };
  }

  @Delete(':id')
  @ApiKeyAccess('license:write')
  @ApiOperation({ summary: 'Delete a license of the key’s product (license:write)', description: 'As DELETE /v1/dashboard/licenses/:id.' })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, LicenseDeletedResponseDto, 'data: { deleted: true }')
  @ApiErrorResponses(KEY_ERRORS)
  async remove(@Param('id') id: string, @CurrentActor() actor: Actor, @CurrentApiKey() key: ApiKeyPrincipal): Promise<DeleteLicenseResult> {
    return this.commands.execute(new DeleteLicenseCommand(actor, scopeOf(key), id));
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiKeyAccess('license:revoke')
  @ApiOperation({ summary: 'Revoke a license of the key’s product (license:revoke)', description: 'Idempotent: revoking a revoked license writes nothing.' })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, LicenseResultResponseDto, 'data.license')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: bad reason', ...KEY_ERRORS })
  async revoke(@Param('id') id: string, @Body() dto: RevokeLicenseRequestDto, @CurrentActor() actor: Actor, @CurrentApiKey() key: ApiKeyPrincipal): Promise<{ license: LicenseView }> {
    return { license: await this.commands.execute(new RevokeLicenseCommand(actor, scopeOf(key), id, dto.reason ?? null)) };
  }

  @Post(':id/unrevoke')
  @HttpCode(200)
  @ApiKeyAccess('license:revoke')
  @ApiOperation({ summary: 'Lift a revocation of a license of the key’s product (license:revoke)' })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, LicenseResultResponseDto, 'data.license')
  @ApiErrorResponses(KEY_ERRORS)
  async unrevoke(@Param('id') id: string, @CurrentActor() actor: Actor, @CurrentApiKey() key: ApiKeyPrincipal): Promise<{ license: LicenseView }> {
    return { license: await this.commands.execute(new UnrevokeLicenseCommand(actor, scopeOf(key), id)) };
  }
}
