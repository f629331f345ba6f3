import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@geckoguard/audit';
import { ApiEnvelopeResponse, ApiErrorResponses, type Page, PageQueryDto, pageRequest } from '@geckoguard/core';
import type { GuardedRequest } from '../auth/principal.js';
import { CurrentActor, DashboardAccess, Guarded } from '../auth/route-decorators.js';
import { CreateApiKeyCommand } from '../commands/create-api-key/create-api-key.command.js';
import { RevokeApiKeyCommand, type RevokeApiKeyResult } from '../commands/revoke-api-key/revoke-api-key.command.js';
import { RotateApiKeyCommand } from '../commands/rotate-api-key/rotate-api-key.command.js';
import type { ApiKeyView, ApiKeyWithSecret } from '../domain/identity-views.js';
import { ApiKeyQueries } from '../queries/read-api-keys/api-key-queries.js';
import { ApiKeyPageResponseDto } from './dto/api-key-page.response.dto.js';
import { ApiKeyResultResponseDto } from './dto/api-key-result.response.dto.js';
import { ApiKeySecretResponseDto } from './dto/api-key-secret.response.dto.js';
import { CreateApiKeyRequestDto } from './dto/create-api-key.request.dto.js';
import { orgAccessOf } from './request-user.js';

const PRODUCT_SCOPE = { resource: 'products', param: 'productId' } as const;
const AUTH_ERRORS = {
  401: 'UNAUTHORIZED / EXPIRED_TOKEN: no valid access token (an API key is not one)',
  404: 'NOT_FOUND: no such product, or one of an organization you are not a member of',
};

@ApiTags('api-keys')
@Controller('v1/dashboard/products/:productId/api-keys')
export class ApiKeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ApiKeyQueries,
  ) {}

  @Post()
  @DashboardAccess('ADMIN', PRODUCT_SCOPE)
  @ApiOperation({
    summary: 'Create an API key for the product (ADMIN or higher)',
    description:
      'The key (`gg_...`) is in this response only; the server keeps its SHA-256. Writes api_key.created. ' +
      'Takes no Idempotency-Key: a replay would have to store the key.',
  })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiEnvelopeResponse(201, ApiKeySecretResponseDto, 'Created: data: { apiKey, key }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: e.g. an unknown permission', ...AUTH_ERRORS, 403: 'FORBIDDEN: role below ADMIN' })
  async create(@Param('productId') productId: string, @Body() dto: CreateApiKeyRequestDto, @CurrentActor() actor: Actor, @Guarded() req: GuardedRequest): Promise<ApiKeyWithSecret> {
    return this.commands.execute(
      new CreateApiKeyCommand(actor, orgAccessOf(req).orgId, productId, {
        name: dto.name,
        permissions: dto.permissions,
        requireSignature: dto.requireSignature ?? false,
      }),
    );
  }

  @Get()
  @DashboardAccess('VIEWER', PRODUCT_SCOPE)
  @ApiOperation({ summary: "The product's API keys, newest first, revoked ones included (VIEWER or higher)", description: 'Never shows a key nor its hash.' })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiEnvelopeResponse(200, ApiKeyPageResponseDto, 'data: { apiKeys, page, pageSize, total }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: bad page or pageSize', ...AUTH_ERRORS })
  async list(@Param('productId') productId: string, @Query() query: PageQueryDto, @Guarded() req: GuardedRequest): Promise<Page<'apiKeys', ApiKeyView>> {
    return this.queries.list(orgAccessOf(req).orgId, productId, pageRequest(query));
  }

  @Post(':keyId/revoke')
  @HttpCode(200)
  @DashboardAccess('ADMIN', PRODUCT_SCOPE)
  @ApiOperation({
    summary: 'Revoke an API key (ADMIN or higher)',
    description: 'It stops working at once. Writes api_key.revoked; revoking a revoked key changes nothing and writes nothing.',
  })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'keyId', format: 'uuid' })
  @ApiEnvelopeResponse(200, ApiKeyResultResponseDto, 'data.apiKey, with revokedAt')
  @ApiErrorResponses({ ...AUTH_ERRORS, 403: 'FORBIDDEN: role below ADMIN', 404: 'NOT_FOUND: no such key on this product' })
  async revoke(@Param('productId') productId: string, @Param('keyId') keyId: string, @CurrentActor() actor: Actor, @Guarded() req: GuardedRequest): Promise<RevokeApiKeyResult> {
    return this.commands.execute(new RevokeApiKeyCommand(actor, orgAccessOf(req).orgId, productId, keyId));
  }

  @Post(':keyId/rotate')
  @HttpCode(200)
  @DashboardAccess('ADMIN', PRODUCT_SCOPE)
  @ApiOperation({
    summary: 'Give an API key a new secret (ADMIN or higher)',
    description: 'The old key stops working at once; id, name, permissions and requireSignature stay. Writes api_key.rotated.',
  })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'keyId', format: 'uuid' })
  @ApiEnvelopeResponse(200, ApiKeySecretResponseDto, 'data: { apiKey, key } — the new key, shown this once')
  @ApiErrorResponses({
    ...AUTH_ERRORS,
    403: 'FORBIDDEN: role below ADMIN',
    404: 'NOT_FOUND: no such key on this product',
    409: 'CONFLICT: the key is revoked',
  })
  async rotate(@Param('productId') productId: string, @Param('keyId') keyId: string, @CurrentActor() actor: Actor, @Guarded() req: GuardedRequest): Promise<ApiKeyWithSecret> {
    return this.commands.execute(new RotateApiKeyCommand(actor, orgAccessOf(req).orgId, productId, keyId));
  }
}
