import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@geckoguard/audit';
import { ApiEnvelopeResponse, ApiErrorResponses, type Page, PageQueryDto, pageRequest } from '@geckoguard/core';
import { Idempotent } from '@geckoguard/database';
import type { GuardedRequest } from '../auth/principal.js';
import { CurrentActor, DashboardAccess, Guarded } from '../auth/route-decorators.js';
import { AddMemberCommand } from '../commands/add-member/add-member.command.js';
import { ChangeMemberRoleCommand } from '../commands/change-member-role/change-member-role.command.js';
import { RemoveMemberCommand, type RemoveMemberResult } from '../commands/remove-member/remove-member.command.js';
import type { MemberView } from '../domain/identity-views.js';
import { MemberQueries } from '../queries/read-members/member-queries.js';
import { AddMemberRequestDto } from './dto/add-member.request.dto.js';
import { MemberDeletedResponseDto } from './dto/member-deleted.response.dto.js';
import { MemberPageResponseDto } from './dto/member-page.response.dto.js';
import { MemberResultResponseDto } from './dto/member-result.response.dto.js';
import { UpdateMemberRequestDto } from './dto/update-member.request.dto.js';
import { orgAccessOf, userIdOf } from './request-user.js';

const AUTH_ERRORS = {
  401: 'UNAUTHORIZED / EXPIRED_TOKEN: no valid access token',
  404: 'NOT_FOUND: not a member of the organization',
};
const OWNER_RULES =
  'Only an OWNER grants, changes or removes the OWNER role (403 FORBIDDEN otherwise); the last OWNER cannot be demoted or ' +
  'removed (409 CONFLICT), also when two such requests race.';

@ApiTags('orgs')
@Controller('v1/dashboard/orgs/:orgId/members')
export class MembersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: MemberQueries,
  ) {}

  @Get()
  @DashboardAccess('VIEWER')
  @ApiOperation({ summary: "The organization's members, newest first (VIEWER or higher)" })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiEnvelopeResponse(200, MemberPageResponseDto, 'data: { members, page, pageSize, total }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR: bad page or pageSize', ...AUTH_ERRORS })
  async list(@Query() query: PageQueryDto, @Guarded() req: GuardedRequest): Promise<Page<'members', MemberView>> {
    return this.queries.list(orgAccessOf(req).orgId, pageRequest(query));
  }

  @Post()
  @DashboardAccess('ADMIN')
  @Idempotent()
  @ApiOperation({
    summary: 'Add an existing user to the organization (ADMIN or higher)',
    description: `Writes team.member_added. ${OWNER_RULES} Honours an Idempotency-Key header.`,
  })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiEnvelopeResponse(201, MemberResultResponseDto, 'Created: data.member')
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR',
    401: AUTH_ERRORS[401],
    403: 'FORBIDDEN: role below ADMIN, or granting OWNER without being one',
    404: 'NOT_FOUND: not a member of the organization, or no user with this email',
    409: 'CONFLICT: the user is already a member',
  })
  async add(@Body() dto: AddMemberRequestDto, @CurrentActor() actor: Actor, @Guarded() req: GuardedRequest): Promise<{ member: MemberView }> {
    const member = await this.commands.execute(new AddMemberCommand(actor, userIdOf(req), orgAccessOf(req).orgId, dto.email, dto.role));
    return { member };
  }

  @Patch(':memberId')
  @DashboardAccess('ADMIN')
  @ApiOperation({ summary: "Change a member's role (ADMIN or higher)", description: `Writes team.member_updated (nothing when the role stays). ${OWNER_RULES}` })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiParam({ name: 'memberId', format: 'uuid', description: 'The membership id (members[].id)' })
  @ApiEnvelopeResponse(200, MemberResultResponseDto, 'data.member, as changed')
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR',
    401: AUTH_ERRORS[401],
    403: 'FORBIDDEN: role below ADMIN, or an OWNER role involved without being an OWNER',
    404: 'NOT_FOUND: not a member of the organization, or no such member in it',
    409: 'CONFLICT: demoting the last OWNER',
  })
  async update(
    @Param('memberId') memberId: string,
    @Body() dto: UpdateMemberRequestDto,
    @CurrentActor() actor: Actor,
    @Guarded() req: GuardedRequest,
  ): Promise<{ member: MemberView }> {
    const member = await this.commands.execute(new ChangeMemberRoleCommand(actor, userIdOf(req), orgAccessOf(req).orgId, memberId, dto.role));
    return { member };
  }

  @Delete(':memberId')
  @DashboardAccess('ADMIN')
  @ApiOperation({ summary: 'Remove a member (ADMIN or higher)', description: `Writes team.member_removed. ${OWNER_RULES}` })
  @ApiParam({ name: 'orgId', format: 'uuid' })
  @ApiParam({ name: 'memberId', format: 'uuid', description: 'The membership id (members[].id)' })
  @ApiEnvelopeResponse(200, MemberDeletedResponseDto, 'data: { deleted: true }')
  @ApiErrorResponses({
    401: AUTH_ERRORS[401],
    403: 'FORBIDDEN: role below ADMIN, or removing an OWNER without being one',
    404: 'NOT_FOUND: not a member of the organization, or no such member in it',
    409: 'CONFLICT: removing the last OWNER',
  })
  async remove(@Param('memberId') memberId: string, @CurrentActor() actor: Actor, @Guarded() req: GuardedRequest): Promise<RemoveMemberResult> {
    return this.commands.execute(new RemoveMemberCommand(actor, userIdOf(req), orgAccessOf(req).orgId, memberId));
  }
}
