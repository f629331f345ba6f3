import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiEnvelopeResponse, ApiErrorResponses, type Page, pageRequest } from '@geckoguard/core';
import { DashboardAccess } from '@geckoguard/identity';
import { BindingQueries, type BindingView } from '../queries/list-bindings/binding-queries.js';
import { BindingPageResponseDto } from './dto/binding-page.response.dto.js';
import { ListBindingsRequestDto } from './dto/list-bindings.request.dto.js';

@ApiTags('bindings')
@Controller('v1/dashboard/licenses')
export class BindingsController {
  constructor(private readonly queries: BindingQueries) {}

  @Get(':id/bindings')
  @DashboardAccess('VIEWER', { resource: 'licenses', param: 'id' })
  @ApiOperation({ summary: "The license's HWID and IP bindings, revoked ones included, newest first (VIEWER or higher)" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiEnvelopeResponse(200, BindingPageResponseDto, 'data: { bindings, page, pageSize, total }')
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR: bad type, page or pageSize',
    401: 'UNAUTHORIZED / EXPIRED_TOKEN',
    404: 'NOT_FOUND: no such license in an organization you belong to',
  })
  async list(@Param('id') id: string, @Query() query: ListBindingsRequestDto): Promise<Page<'bindings', BindingView>> {
    return this.queries.list(id, query.type, pageRequest(query));
  }
}
