import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { normalizeIp } from '@geckoguard/bindings';
import { AppError, RawBody } from '@geckoguard/core';
import { ApiKeyAccess, ClaimNonceInHandler, Guarded, type GuardedRequest } from '@geckoguard/identity';
import { AuthorizeLicenseCommand } from '../commands/authorize-license/authorize-license.command.js';
import { AuthorizeLicenseRequestDto } from './dto/authorize-license.request.dto.js';

@ApiTags('authorization')
@Controller('v1/licenses')
export class AuthorizeController {
  constructor(private readonly commands: CommandBus) {}

  @Post('authorize')
  @HttpCode(200)
  @ApiKeyAccess('license:authorize', { signed: true })
  @ClaimNonceInHandler()
  @ApiOperation({
    summary: 'May this license run here, now?',
    description:
      'Signed request (X-GG-Timestamp, X-GG-Nonce, X-GG-Signature). Answers 200 {allow:true,...}, 403 {allow:false, reasonCode} ' +
      'or 404 {allow:false, reasonCode:"LICENSE_NOT_FOUND"}; decision bodies do not use the {ok,data} envelope.',
  })
  @ApiOkResponse({ description: 'Authorization granted' })
  async authorize(@Body() dto: AuthorizeLicenseRequestDto, @Guarded() req: GuardedRequest): Promise<RawBody> {
    const key = req.principal?.kind === 'api_key' ? req.principal.apiKey : null;
    if (!key) throw new AppError('UNAUTHORIZED', 'A valid API key is required (X-Api-Key)');
    let ip = req.ip;
    if (dto.ip !== undefined && key.permissions.includes('license:assert-ip')) {
      if (!normalizeIp(dto.ip)) throw AppError.validation([{ path: 'ip', message: 'ip must be an IPv4 or IPv6 address' }]);
      ip = dto.ip;
    }
    const result = await this.commands.execute(
      new AuthorizeLicenseCommand(
        { apiKeyId: key.id, orgId: key.orgId, productId: key.productId },
        {
          productId: dto.productId,
          licenseKey: dto.licenseKey,
          hwid: dto.hwid ?? null,
          ip,
          deviceId: dto.deviceId ?? null,
          sessionId: dto.sessionId ?? null,
          dryRun: dto.dryRun ?? false,
          nonce: req.signatureCheck?.state === 'valid' && req.signatureCheck.deferred ? { apiKeyId: key.id, nonce: req.signatureCheck.nonce } : null,
        },
      ),
    );
    return new RawBody(result.body, result.status);
  }
}
