import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@geckoguard/audit';
import { ApiEnvelopeResponse, ApiErrorResponses, AppError, type Page, PageQueryDto, pageRequest } from '@geckoguard/core';
import { Idempotent } from '@geckoguard/database';
import type { GuardedRequest } from '../auth/principal.js';
import { CurrentActor, DashboardAccess, Guarded, UserAccess } from '../auth/route-decorators.js';
import { CreateOrgCommand } from '../commands/create-org/create-org.command.js';
import { DeleteOrgCommand, type DeleteOrgResult } from '../commands/delete-org/delete-org.command.js';
import { UpdateOrgCommand } from '../commands/update-org/update-org.command.js';
import type { OrgView } from '../domain/identity-views.js';
import { OrgQueries } from '../queries/read-orgs/org-queries.js';
import { CreateOrgRequestDto } from './dto/create-org.request.dto.js';
import { OrgDeletedResponseDto } from './dto/org-deleted.response.dto.js';
import { OrgPageResponseDto } from './dto/org-page.response.dto.js';
import { OrgResultResponseDto } from './dto/org-result.response.dto.js';
import { UpdateOrgRequestDto } from './dto/update-org.request.dto.js';
import { orgAccessOf, userIdOf } from './request-user.js';

const AUTH_ERRORS = {
  401: 'UNAUTHORIZED / EXPIRED_TOKEN: no valid access token (an API key is not one)',
  404: 'NOT_FOUND: no such organization, or one you are not a member of',
};

@ApiTags('orgs')
@Controller('v1/dashboard/orgs')
export class OrgsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: OrgQueries,
  ) {}

  @Get()
  @UserAccess()
  @ApiOperation({ summary: 'The organizations you belong to, newest first, with your role in each' })
  @ApiEnvelopeResponse(200, OrgPageResponseDto, 'data: { orgs, page, pageSize, total }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: bad page or pageSize', 401: AUTH_ERRORS[401] })
  async list(@Query() query: PageQueryDto, @Guarded() req: GuardedRequest): Promise<Page<'orgs', OrgView>> {
    return this.queries.list(userIdOf(req), pageRequest(query));
  }

  @Post()
  @UserAccess()
  @Idempotent()
  @ApiOperation({
    summary: 'Create an organization (any logged-in user); you become its OWNER',
    description: 'Writes org.created and team.member_added. Honours an Idempotency-Key header (scoped to the user).',
  })
  @ApiEnvelopeResponse(201, OrgResultResponseDto, 'Created: data.org')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR', 401: AUTH_ERRORS[401] })
  async create(@Body() dto: CreateOrgRequestDto, @Guarded() req: GuardedRequest): Promise<{ org: OrgView }> {
    return { org: await this.commands.execute(new CreateOrgCommand(userIdOf(req), dto.name)) };
  }

  @Get(':orgId')
  @DashboardAccess('VIEWER')
  @ApiOperation({ summary: 'One organization (VIEWER or higher)' })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiEnvelopeResponse(200, OrgResultResponseDto, 'data.org')
  @ApiErrorResponses(AUTH_ERRORS)
  async get(@Guarded() req: GuardedRequest): Promise<{ org: OrgView }> {
    const { orgId, role } = orgAccessOf(req);
    const org = await this.queries.get(orgId, role);
    if (!org) throw AppError.notFound('Organization');
    return { org };
  }

  @Patch(':orgId')
  @DashboardAccess('ADMIN')
  @ApiOperation({ summary: 'Rename an organization (ADMIN or higher)', description: 'Writes org.updated (nothing when nothing changes).' })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiEnvelopeResponse(200, OrgResultResponseDto, 'data.org, as changed')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR', ...AUTH_ERRORS, 403: 'FORBIDDEN: role below ADMIN' })
  async update(@Body() dto: UpdateOrgRequestDto, @CurrentActor() actor: Actor, @Guarded() req: GuardedRequest): Promise<{ org: OrgView }> {
    const { orgId, role } = orgAccessOf(req);
    return { org: await this.commands.execute(new UpdateOrgCommand(actor, orgId, role, { name: dto.name })) };
  }

  @Delete(':orgId')
  @DashboardAccess('OWNER')
  @ApiOperation({
    summary: 'Delete an organization (OWNER)',
    description:
      'Refused with 409 CONFLICT while the organization has products (delete them first: nothing is deleted implicitly). ' +
      'Deletes the memberships; the audit events stay, the last being org.deleted.',
  })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiEnvelopeResponse(200, OrgDeletedResponseDto, 'data: { deleted: true }')
  @ApiErrorResponses({ ...AUTH_ERRORS, 403: 'FORBIDDEN: role below OWNER', 409: 'CONFLICT: the organization still has products' })
  async remove(@CurrentActor() actor: Actor, @Guarded() req: GuardedRequest): Promise<DeleteOrgResult> {
    return this.commands.execute(new DeleteOrgCommand(actor, orgAccessOf(req).orgId));
  }
}
