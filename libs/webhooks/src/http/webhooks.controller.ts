import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@geckoguard/audit';
import { ApiEnvelopeResponse, ApiErrorResponses, AppError, isUuid } from '@geckoguard/core';
import { Idempotent } from '@geckoguard/database';
import { CurrentActor, CurrentOrgId, DashboardAccess } from '@geckoguard/identity';
import { CreateWebhookEndpointCommand } from '../commands/create-webhook-endpoint/create-webhook-endpoint.command.js';
import { DeleteWebhookEndpointCommand } from '../commands/delete-webhook-endpoint/delete-webhook-endpoint.command.js';
import { SendTestPingCommand } from '../commands/send-test-ping/send-test-ping.command.js';
import { UpdateWebhookEndpointCommand } from '../commands/update-webhook-endpoint/update-webhook-endpoint.command.js';
import type { WebhookDeliveryView } from '../domain/webhook-delivery-view.js';
import type { WebhookEndpointView } from '../domain/webhook-endpoint-view.js';
import { WebhookQueries } from '../queries/read-webhooks/webhook-queries.js';
import { CreateWebhookEndpointRequestDto } from './dto/create-webhook-endpoint.request.dto.js';
import { ListWebhookDeliveriesRequestDto } from './dto/list-webhook-deliveries.request.dto.js';
import { UpdateWebhookEndpointRequestDto } from './dto/update-webhook-endpoint.request.dto.js';
import { WebhookDeliveryListResponseDto, WebhookDeliveryResultResponseDto } from './dto/webhook-delivery.response.dto.js';
import {
  WebhookEndpointDeletedResponseDto,
  WebhookEndpointListResponseDto,
  WebhookEndpointResultResponseDto,
} from './dto/webhook-endpoint.response.dto.js';


const AUTH_ERRORS = {
  401: 'UNAUTHORIZED / EXPIRED_TOKEN: no valid access token',
  404: 'NOT_FOUND: no such product or endpoint, or one of an organization you are not a member of',
};
const ADMIN_ONLY = { 403: 'FORBIDDEN: role below ADMIN' };

function endpointIdOf(value: string): string {
  if (!isUuid(value)) throw AppError.notFound('Webhook endpoint');
  return value;
}

@ApiTags('webhooks')
@Controller('v1/dashboard/webhooks')
export class WebhooksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: WebhookQueries,
  ) {}

  @Post('products/:productId')
  @DashboardAccess('ADMIN', { resource: 'products', param: 'productId' })
  @Idempotent()
  @ApiOperation({
    summary: 'Add a webhook endpoint to a product (ADMIN or higher)',
    description:
      'The endpoint receives the product\'s audit events of the listed types (or all, with "*") that happen after its ' +
      'creation, as POST { id, event, data, timestamp } (id: the event id; data: the event as the audit API shows it; ' +
      'timestamp: when it occurred) with X-GG-Event, X-GG-Delivery (the delivery id) and X-GG-Signature: ' +
      't=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>, keyed with `secret` exactly as returned. A non-2xx ' +
      'answer or no answer within 10 s is retried with exponential backoff (10 attempts over about 33 h); redirects ' +
      'are not followed; 100 failed attempts in a row disable the endpoint (webhook.disabled). `id` is the event id: ' +
      'delivery is at least once, so receivers should ignore an id they have already processed. Writes webhook.created.',
  })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiEnvelopeResponse(201, WebhookEndpointResultResponseDto, 'Created: data.endpoint, with its secret')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: a field, or a URL resolving to a non-public address', ...AUTH_ERRORS, ...ADMIN_ONLY })
  async create(
    @Param('productId') productId: string,
    @Body() dto: CreateWebhookEndpointRequestDto,
    @CurrentActor() actor: Actor,
    @CurrentOrgId() orgId: string,
  ): Promise<{ endpoint: WebhookEndpointView }> {
    const endpoint = await this.commands.execute(
      new CreateWebhookEndpointCommand(actor, orgId, productId, { url: dto.url, events: [...new Set(dto.events)], enabled: dto.enabled ?? true }),
    );
    return { endpoint };
  }

  @Get('products/:productId')
  @DashboardAccess('ADMIN', { resource: 'products', param: 'productId' })
  @ApiOperation({ summary: "A product's webhook endpoints with their secrets, newest first (ADMIN or higher)" })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiEnvelopeResponse(200, WebhookEndpointListResponseDto, 'data.endpoints')
  @ApiErrorResponses({ ...AUTH_ERRORS, ...ADMIN_ONLY })
  async list(@Param('productId') productId: string, @CurrentOrgId() orgId: string): Promise<{ endpoints: WebhookEndpointView[] }> {
    return { endpoints: await this.queries.endpoints(orgId, productId) };
  }

  @Get('products/:productId/:endpointId')
  @DashboardAccess('ADMIN', { resource: 'products', param: 'productId' })
  @ApiOperation({ summary: 'One webhook endpoint with its secret (ADMIN or higher)' })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'endpointId', format: 'uuid' })
  @ApiEnvelopeResponse(200, WebhookEndpointResultResponseDto, 'data.endpoint')
  @ApiErrorResponses({ ...AUTH_ERRORS, ...ADMIN_ONLY })
  async get(@Param('productId') productId: string, @Param('endpointId') endpointId: string, @CurrentOrgId() orgId: string): Promise<{ endpoint: WebhookEndpointView }> {
    const endpoint = await this.queries.endpoint(orgId, productId, endpointIdOf(endpointId));
    if (!endpoint) throw AppError.notFound('Webhook endpoint');
    return { endpoint };
  }

  @Patch('products/:productId/:endpointId')
  @DashboardAccess('ADMIN', { resource: 'products', param: 'productId' })
  @ApiOperation({
    summary: 'Change a webhook endpoint (ADMIN or higher)',
    description:
      'Absent fields are left as they are. Enabling an endpoint clears its failure count; a paused or disabled endpoint ' +
      'keeps its place in the audit log and, once enabled, receives what happened meanwhile. Writes webhook.updated ' +
      'with data.changedFields (nothing when nothing changes).',
  })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'endpointId', format: 'uuid' })
  @ApiEnvelopeResponse(200, WebhookEndpointResultResponseDto, 'data.endpoint, as changed')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: a field, or a URL resolving to a non-public address', ...AUTH_ERRORS, ...ADMIN_ONLY })
  async update(
    @Param('productId') productId: string,
    @Param('endpointId') endpointId: string,
    @Body() dto: UpdateWebhookEndpointRequestDto,
    @CurrentActor() actor: Actor,
    @CurrentOrgId() orgId: string,
  ): Promise<{ endpoint: WebhookEndpointView }> {
    const endpoint = await this.commands.execute(
      new UpdateWebhookEndpointCommand(actor, orgId, productId, endpointIdOf(endpointId), {
        url: dto.url,
        events: dto.events === undefined ? undefined : [...new Set(dto.events)],
        enabled: dto.enabled,
      }),
    );
    return { endpoint };
  }

  @Delete('products/:productId/:endpointId')
  @DashboardAccess('ADMIN', { resource: 'products', param: 'productId' })
  @ApiOperation({ summary: 'Delete a webhook endpoint and its delivery log (ADMIN or higher)', description: 'Writes webhook.deleted.' })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'endpointId', format: 'uuid' })
  @ApiEnvelopeResponse(200, WebhookEndpointDeletedResponseDto, 'data: { deleted: true }')
  @ApiErrorResponses({ ...AUTH_ERRORS, ...ADMIN_ONLY })
  async remove(
    @Param('productId') productId: string,
    @Param('endpointId') endpointId: string,
    @CurrentActor() actor: Actor,
    @CurrentOrgId() orgId: string,
  ): Promise<{ deleted: true }> {
    return this.commands.execute(new DeleteWebhookEndpointCommand(actor, orgId, productId, endpointIdOf(endpointId)));
  }

  @Get('products/:productId/:endpointId/deliveries')
  @DashboardAccess('VIEWER', { resource: 'products', param: 'productId' })
  @ApiOperation({ summary: "An endpoint's delivery log, newest first (VIEWER or higher)", description: 'One entry per event (and per test.ping), showing its latest attempt.' })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'endpointId', format: 'uuid' })
  @ApiEnvelopeResponse(200, WebhookDeliveryListResponseDto, 'data.deliveries')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: limit outside 1..1000', ...AUTH_ERRORS })
  async deliveries(
    @Param('productId') productId: string,
    @Param('endpointId') endpointId: string,
    @Query() query: ListWebhookDeliveriesRequestDto,
    @CurrentOrgId() orgId: string,
  ): Promise<{ deliveries: WebhookDeliveryView[] }> {
    const deliveries = await this.queries.deliveries(orgId, productId, endpointIdOf(endpointId), query.limit ?? 50);
    if (!deliveries) throw AppError.notFound('Webhook endpoint');
    return { deliveries };
  }

  @Post('products/:productId/:endpointId/test')
  @DashboardAccess('ADMIN', { resource: 'products', param: 'productId' })
  @ApiOperation({
    summary: 'Send test.ping to the endpoint now (ADMIN or higher)',
    description: 'One signed attempt, answered with its delivery log entry (status delivered or failed); no retries. Works on a disabled endpoint too.',
  })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiParam({ name: 'endpointId', format: 'uuid' })
  @ApiEnvelopeResponse(201, WebhookDeliveryResultResponseDto, 'data.delivery')
  @ApiErrorResponses({ ...AUTH_ERRORS, ...ADMIN_ONLY })
  async test(@Param('productId') productId: string, @Param('endpointId') endpointId: string, @CurrentOrgId() orgId: string): Promise<{ delivery: WebhookDeliveryView }> {
    return { delivery: await this.commands.execute(new SendTestPingCommand(orgId, productId, endpointIdOf(endpointId))) };
  }
}
