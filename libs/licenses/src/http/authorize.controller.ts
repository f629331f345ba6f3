import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { normalizeIp } from '@geckoguard/bindings';
import { ApiErrorResponses, AppError, ERROR_SCHEMA, RawBody, validateBody } from '@geckoguard/core';
import { ApiKeyInHandler, ApiKeyInHandlerAuth, type GuardedRequest } from '@geckoguard/identity';
import { AuthorizeLicenseCommand } from '../commands/authorize-license/authorize-license.command.js';
import { AuthorizeAllowedResponseDto, AuthorizeDeniedResponseDto } from './dto/authorize-decision.response.dto.js';
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
  @ApiExtraModels(AuthorizeDeniedResponseDto)
  @ApiOkResponse({ type: AuthorizeAllowedResponseDto, description: 'Authorization granted' })
  @ApiResponse({
    status: 403,
    description: 'A refused decision {allow:false, reasonCode}; or PERMISSION_DENIED (the §1 envelope) for a key without license:authorize',
    schema: { oneOf: [{ $ref: getSchemaPath(AuthorizeDeniedResponseDto) }, ERROR_SCHEMA] },
  })
  @ApiNotFoundResponse({ type: AuthorizeDeniedResponseDto, description: 'LICENSE_NOT_FOUND: no such key in the API key\'s organization' })
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR: a malformed body, or (for a key with license:assert-ip) an ip that is not an address',
    401: 'UNAUTHORIZED (missing, unknown or revoked key), SIGNATURE_REQUIRED, SIGNATURE_INVALID, NONCE_REUSED',
  })
  async authorize(@Body() body: unknown, @Req() req: GuardedRequest): Promise<RawBody> {
    const credential = this.auth.present(req);
    const { signature } = credential;
    const { value: dto, error } = await validateBody(AuthorizeLicenseRequestDto, body);
    if (signature.state !== 'valid' || !dto) throw (await this.auth.refusal(credential, PERMISSION, () => error)) ?? error;
    // A null ip is no ip, as for the other optional fields.
    const assertedIp = dto.ip != null ? normalizeIp(dto.ip) : null;
    if (dto.ip != null && !assertedIp) {
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
