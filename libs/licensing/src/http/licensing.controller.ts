import { applyDecorators, Body, Controller, HttpCode, Post, Req, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { RawBody } from '@geckoguard/core';
import type { FastifyRequest } from 'fastify';
import { DecideLicensingCommand } from '../commands/decide-licensing/decide-licensing.command.js';
import { DeactivateSessionCommand } from '../commands/deactivate-session/deactivate-session.command.js';
import type { LicensingRequest } from '../commands/licensing-request.js';
import type { LicensingResponse } from '../domain/licensing-response.js';
import { DeactivateSessionRequestDto } from './dto/deactivate-session.request.dto.js';
import { LicensingDecisionResponseDto } from './dto/licensing-decision.response.dto.js';
import { SessionLicenseRequestDto } from './dto/session-license.request.dto.js';
import { ValidateLicenseRequestDto } from './dto/validate-license.request.dto.js';
import { LicensingGateInterceptor } from './licensing-gate.interceptor.js';

const COMMON =
  'No API key: the license token is the credential, looked up across the server. Rate-limited per caller address (RATE_LIMIT_PER_IP, ' +
  'default 600/min) and per token (RATE_LIMIT_PER_LICENSE, default 120/min); responses carry X-Ratelimit-Limit, X-Ratelimit-Remaining and ' +
  'X-Ratelimit-Reset (epoch seconds) while a limit is on. The authContext plays the HWID: the policy HWID rules and the HWID blacklist apply ' +
  "to it and it is recorded as an HWID binding; the caller's address (through TRUST_PROXY hops) is subject to the IP rules. Every decision " +
  'writes license.authorized or license.authorization_denied (plus binding.created / session.created) with data.protocol "licensing", ' +
  'except for an unknown token, which has no organization to record it under.';

function DecisionResponses() {
  return applyDecorators(
    ApiOkResponse({ type: LicensingDecisionResponseDto, description: 'Every decision, Success, Failed or Locked (not the {ok,data} envelope)' }),
    ApiBadRequestResponse({
      description: 'licenseToken missing: { "error": "license token field is required." }; any other invalid field: the §1 envelope, VALIDATION_ERROR',
    }),
    ApiTooManyRequestsResponse({ description: 'RATE_LIMITED (§1 envelope) with Retry-After and X-Ratelimit-* headers' }),
  );
}

@ApiTags('licensing')
@Controller('licensing')
@UseInterceptors(LicensingGateInterceptor)
export class LicensingController {
  constructor(private readonly commands: CommandBus) {}

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check a license without a session',
    description:
      `${COMMON} Exists, not revoked, locked or expired, product code in productCodes (when given), passes the HWID and IP rules. Records ` +
      'the bindings and sets activatedAt like any successful decision; starts no session and ignores the seat pool.',
  })
  @DecisionResponses()
  async validate(@Body() dto: ValidateLicenseRequestDto, @Req() req: FastifyRequest): Promise<RawBody<LicensingResponse>> {
    return decision(await this.commands.execute(new DecideLicensingCommand('validate', this.request(dto, req))));
  }

  @Post('activate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Validate, then take or refresh the seat of this authContext',
    description:
      `${COMMON} One active seat per license (maxActive when the policy's concurrency mode is limit), shared with the sessions of ` +
      'POST /v1/licenses/authorize. Another authContext holding the seat: Failed / CONCURRENCY_LIMIT_EXCEEDED. Activating again from the ' +
      'same authContext refreshes its seat to now + sessionTtlSeconds (default 600 s); after a revoke, a deactivate or a lapse it starts a new one.',
  })
  @DecisionResponses()
  async activate(@Body() dto: SessionLicenseRequestDto, @Req() req: FastifyRequest): Promise<RawBody<LicensingResponse>> {
    return decision(await this.commands.execute(new DecideLicensingCommand('activate', this.request(dto, req))));
  }

  @Post('extend')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Extend the seat this authContext holds',
    description:
      `${COMMON} The license is checked as by activate; the seat of this authContext must still be active and is extended to now + ` +
      'sessionTtlSeconds. A lapsed, deactivated or revoked seat (or none): Failed / NO_ACTIVE_SESSION.',
  })
  @DecisionResponses()
  async extend(@Body() dto: SessionLicenseRequestDto, @Req() req: FastifyRequest): Promise<RawBody<LicensingResponse>> {
    return decision(await this.commands.execute(new DecideLicensingCommand('extend', this.request(dto, req))));
  }

  @Post('deactivate')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Free the seat of this authContext at once',
    description:
      'Idempotent: 204 also when there is nothing to end (an ended or unknown seat, an unknown token). Writes session.ended (data.protocol ' +
      '"licensing") for the seat it ends. Rate-limited like the other /licensing endpoints.',
  })
  @ApiNoContentResponse({ description: 'Freed (or nothing to free)' })
  @ApiBadRequestResponse({ description: 'licenseToken missing: { "error": "license token field is required." }; authContext missing or invalid: VALIDATION_ERROR' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED (§1 envelope) with Retry-After and X-Ratelimit-* headers' })
  async deactivate(@Body() dto: DeactivateSessionRequestDto): Promise<void> {
    await this.commands.execute(new DeactivateSessionCommand(dto.licenseToken, dto.authContext));
  }

  private request(dto: ValidateLicenseRequestDto | SessionLicenseRequestDto, req: FastifyRequest): LicensingRequest {
    return { licenseToken: dto.licenseToken, productCodes: dto.productCodes ?? null, authContext: dto.authContext ?? null, ip: req.ip };
  }
}

/** A /licensing decision: sent as is, its reason code left for the metrics. */
function decision(response: LicensingResponse): RawBody<LicensingResponse> {
  return new RawBody(response, 200, response.reasonCode);
}
