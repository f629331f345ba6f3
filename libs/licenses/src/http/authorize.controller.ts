import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { normalizeIp } from '@geckoguard/bindings';
import { AppError, RawBody, validateBody } from '@geckoguard/core';
import { ApiKeyInHandler, ApiKeyInHandlerAuth, type GuardedRequest } from '@geckoguard/identity';
import { AuthorizeLicenseCommand } from '../commands/authorize-license/authorize-license.command.js';
import { AuthorizeLicenseRequestDto } from './dto/authorize-license.request.dto.js';

const PERMISSION = 'license:authorize';

@ApiTags('authorization')
@Controller('v1/licenses')
export class AuthorizeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: ApiKeyInHandlerAuth,
  ) {}

  /**
   * The hot path. The API key is checked in the decision's own first round trip rather than by a guard, so a
   * request whose signature and body are right costs two round trips in all. Everything that can be checked in
   * memory is checked first; a request failing any of it takes `refuse`, which answers in the order of API.md §1.
   */
  @Post('authorize')
  @HttpCode(200)
  @ApiKeyInHandler()
  @ApiBody({ type: AuthorizeLicenseRequestDto })
  @ApiOperation({
    summary: 'May this license run here, now?',
    description:
      'Signed request (X-GG-Timestamp, X-GG-Nonce, X-GG-Signature). Answers 200 {allow:true,...}, 403 {allow:false, reasonCode} ' +
      'or 404 {allow:false, reasonCode:"LICENSE_NOT_FOUND"}; decision bodies do not use the {ok,data} envelope.',
  })
  @ApiOkResponse({ description: 'Authorization granted' })
  async authorize(@Body() body: unknown, @Req() req: GuardedRequest): Promise<RawBody> {
    const credential = this.auth.present(req);
    const { signature } = credential;
    const { value: dto, error } = await validateBody(AuthorizeLicenseRequestDto, body);
    if (signature.state !== 'valid' || !dto) throw (await this.auth.refusal(credential, PERMISSION, () => error)) ?? error;
    const assertedIp = dto.ip !== undefined && normalizeIp(dto.ip) ? dto.ip : null;
    if (dto.ip !== undefined && !assertedIp) {
      // An unusable body ip matters only to a key that may assert one; for any other it is ignored.
      const refusal = await this.auth.refusal(credential, PERMISSION, (key) =>
        key.permissions.includes('license:assert-ip') ? AppError.validation([{ path: 'ip', message: 'ip must be an IPv4 or IPv6 address' }]) : null,
      );
      if (refusal) throw refusal;
    }
    const result = await this.commands.execute(
      new AuthorizeLicenseCommand({
        apiKey: { keyHash: credential.keyHash, permission: PERMISSION, nonce: signature.nonce },
        productId: dto.productId,
        licenseKey: dto.licenseKey,
        hwid: dto.hwid ?? null,
        observedIp: req.ip,
        assertedIp,
        deviceId: dto.deviceId ?? null,
        sessionId: dto.sessionId ?? null,
        dryRun: dto.dryRun ?? false,
      }),
    );
    return new RawBody(result.body, result.status, result.body.reasonCode);
  }
}
