import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelopeResponse, ApiErrorResponses, AppError } from '@geckoguard/core';
import type { GuardedRequest } from '../auth/principal.js';
import { Guarded, UserAccess } from '../auth/route-decorators.js';
import type { MembershipView, UserView } from '../domain/identity-views.js';
import { OrgQueries } from '../queries/read-orgs/org-queries.js';
import { MeResponseDto } from './dto/me.response.dto.js';
import { userIdOf } from './request-user.js';

@ApiTags('orgs')
@Controller('v1/dashboard')
export class MeController {
  constructor(private readonly orgs: OrgQueries) {}

  @Get('me')
  @UserAccess()
  @ApiOperation({ summary: 'The logged-in user and the organizations they belong to, with their role in each' })
  @ApiEnvelopeResponse(200, MeResponseDto, 'data: { user, orgs: [{ id, name, role }] }')
  @ApiErrorResponses({ 401: 'UNAUTHORIZED / EXPIRED_TOKEN: no valid access token' })
  async me(@Guarded() req: GuardedRequest): Promise<{ user: UserView; orgs: MembershipView[] }> {
    const me = await this.orgs.me(userIdOf(req));
    if (!me) throw new AppError('UNAUTHORIZED', 'A valid access token is required');
    return me;
  }
}
