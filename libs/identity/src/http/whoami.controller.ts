import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelopeResponse, ApiErrorResponses } from '@geckoguard/core';
import type { ApiKeyPrincipal } from '../auth/principal.js';
import { ApiKeyAccess, CurrentApiKey } from '../auth/route-decorators.js';
import { WhoamiQueries, type WhoamiView } from '../queries/whoami/whoami-queries.js';
import { WhoamiResponseDto } from './dto/whoami.response.dto.js';

@ApiTags('api-keys')
@Controller('v1')
export class WhoamiController {
  constructor(private readonly queries: WhoamiQueries) {}

  @Get('whoami')
  @ApiKeyAccess()
  @ApiOperation({
    summary: 'The API key making the request, its product and organization',
    description: 'Needs no permission. A key created with requireSignature must sign this request too.',
  })
  @ApiEnvelopeResponse(200, WhoamiResponseDto, 'data: { apiKey, product, org }')
  @ApiErrorResponses({
    401: 'UNAUTHORIZED (missing, unknown or revoked key; an access token is not a key), SIGNATURE_REQUIRED, SIGNATURE_INVALID or NONCE_REUSED',
  })
  async whoami(@CurrentApiKey() key: ApiKeyPrincipal): Promise<WhoamiView> {
    return this.queries.whoami(key);
  }
}
