import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@geckoguard/audit';
import { ApiErrorResponses } from '@geckoguard/core';
import { ApiKeyAccess, CurrentActor, CurrentApiKey, type ApiKeyPrincipal } from '@geckoguard/identity';
import { EndSessionCommand } from '../commands/end-session/end-session.command.js';
import { EndSessionRequestDto } from './dto/end-session.request.dto.js';

@ApiTags('authorization')
@Controller('v1/licenses/sessions')
export class SessionEndController {
  constructor(private readonly commands: CommandBus) {}

  @Post('end')
  @HttpCode(204)
  @ApiKeyAccess('license:authorize', { signed: true })
  @ApiOperation({
    summary: 'End a session when the client exits cleanly (signed, license:authorize)',
    description: 'Idempotent: ending an ended or unknown session is 204 too. A revoked session stays revoked. Writes session.ended.',
  })
  @ApiNoContentResponse({ description: 'Ended (or nothing to end)' })
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR',
    401: 'UNAUTHORIZED / SIGNATURE_REQUIRED / SIGNATURE_INVALID / NONCE_REUSED',
    403: 'PERMISSION_DENIED: the key lacks license:authorize',
    404: "NOT_FOUND: no such license key in the key's organization and product",
  })
  async end(@Body() dto: EndSessionRequestDto, @CurrentActor() actor: Actor, @CurrentApiKey() key: ApiKeyPrincipal): Promise<void> {
    await this.commands.execute(
      new EndSessionCommand({ orgId: key.orgId, productId: key.productId, actor }, { productId: dto.productId, licenseKey: dto.licenseKey, sessionId: dto.sessionId }),
    );
  }
}
