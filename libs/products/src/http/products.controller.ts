import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@geckoguard/audit';
import { ApiEnvelopeResponse, ApiErrorResponses, AppError, type Page, PageQueryDto, pageRequest } from '@geckoguard/core';
import { Idempotent } from '@geckoguard/database';
import { CurrentActor, CurrentOrgId, DashboardAccess } from '@geckoguard/identity';
import { CreateProductCommand } from '../commands/create-product/create-product.command.js';
import { DeleteProductCommand, type DeleteProductResult } from '../commands/delete-product/delete-product.command.js';
import { UpdateProductCommand } from '../commands/update-product/update-product.command.js';
import type { ProductView } from '../domain/product-view.js';
import { ProductQueries } from '../queries/read-products/product-queries.js';
import { CreateProductRequestDto } from './dto/create-product.request.dto.js';
import { ProductDeletedResponseDto } from './dto/product-deleted.response.dto.js';
import { ProductPageResponseDto } from './dto/product-page.response.dto.js';
import { ProductResultResponseDto } from './dto/product-result.response.dto.js';
import { UpdateProductRequestDto } from './dto/update-product.request.dto.js';

const AUTH_ERRORS = {
  401: 'UNAUTHORIZED / EXPIRED_TOKEN: no valid access token',
  404: 'NOT_FOUND: no such product, or one of an organization you are not a member of',
};

@ApiTags('products')
@Controller('v1/dashboard')
export class ProductsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ProductQueries,
  ) {}

  @Post('orgs/:orgId/products')
  @DashboardAccess('ADMIN')
  @Idempotent()
  @ApiOperation({ summary: 'Create a product (ADMIN or higher)', description: 'Honours an Idempotency-Key header.' })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiEnvelopeResponse(201, ProductResultResponseDto, 'Created: data.product')
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR (fields) or INVALID_POLICY (defaultLicensePolicy, details under defaultLicensePolicy.*)',
    ...AUTH_ERRORS,
    403: 'FORBIDDEN: role below ADMIN',
    404: 'NOT_FOUND: not a member of the organization',
    409: 'CONFLICT: the organization already has a product with this code',
  })
  async create(
    @Param('orgId') orgId: string,
    @Body() dto: CreateProductRequestDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ product: ProductView }> {
    const product = await this.commands.execute(
      new CreateProductCommand(actor, orgId, {
        name: dto.name,
        code: dto.code,
        description: dto.description ?? null,
        defaultLicensePolicy: dto.defaultLicensePolicy ?? {},
      }),
    );
    return { product };
  }

  @Get('orgs/:orgId/products')
  @DashboardAccess('VIEWER')
  @ApiOperation({ summary: "The organization's products, newest first (VIEWER or higher)" })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiEnvelopeResponse(200, ProductPageResponseDto, 'data: { products, page, pageSize, total }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: bad page or pageSize', ...AUTH_ERRORS, 404: 'NOT_FOUND: not a member of the organization' })
  async list(@Param('orgId') orgId: string, @Query() query: PageQueryDto): Promise<Page<'products', ProductView>> {
    return this.queries.list(orgId, pageRequest(query));
  }

  @Get('products/:id')
  @DashboardAccess('VIEWER', { resource: 'products', param: 'id' })
  @ApiOperation({ summary: 'One product (VIEWER or higher)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, ProductResultResponseDto, 'data.product')
  @ApiErrorResponses(AUTH_ERRORS)
  async get(@Param('id') id: string, @CurrentOrgId() orgId: string): Promise<{ product: ProductView }> {
    const product = await this.queries.get(orgId, id);
    if (!product) throw AppError.notFound('Product');
    return { product };
  }

  @Patch('products/:id')
  @DashboardAccess('ADMIN', { resource: 'products', param: 'id' })
  @ApiOperation({
    summary: 'Change a product (ADMIN or higher)',
    description:
      'Absent fields are left as they are. A new defaultLicensePolicy replaces the old one, and is refused (400 INVALID_POLICY) ' +
      'when any license of the product would get an invalid effective policy. Writes product.updated with data.changedFields ' +
      '(nothing is written when nothing changes).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, ProductResultResponseDto, 'data.product, as changed')
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR (fields) or INVALID_POLICY (the policy itself, or the licenses it would break)',
    ...AUTH_ERRORS,
    403: 'FORBIDDEN: role below ADMIN',
    409: 'CONFLICT: the organization already has a product with this code',
  })
  async update(
    @Param('id') id: string,
    @Body() dto: UpdateProductRequestDto,
    @CurrentActor() actor: Actor,
    @CurrentOrgId() orgId: string,
  ): Promise<{ product: ProductView }> {
    const product = await this.commands.execute(
      new UpdateProductCommand(actor, orgId, id, {
        name: dto.name,
        code: dto.code,
        description: dto.description,
        defaultLicensePolicy: dto.defaultLicensePolicy,
      }),
    );
    return { product };
  }

  @Delete('products/:id')
  @DashboardAccess('ADMIN', { resource: 'products', param: 'id' })
  @ApiOperation({
    summary: 'Delete a product and its API keys (ADMIN or higher)',
    description: 'Refused with 409 CONFLICT while the product has licenses. Answers 200 { deleted: true }.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, ProductDeletedResponseDto, 'Deleted: data: { deleted: true }')
  @ApiErrorResponses({ ...AUTH_ERRORS, 403: 'FORBIDDEN: role below ADMIN', 409: 'CONFLICT: the product still has licenses' })
  async remove(@Param('id') id: string, @CurrentActor() actor: Actor, @CurrentOrgId() orgId: string): Promise<DeleteProductResult> {
    return this.commands.execute(new DeleteProductCommand(actor, orgId, id));
  }
}
