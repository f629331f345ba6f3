import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelopeResponse, ApiErrorResponses } from '@geckoguard/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginThrottle } from '../auth/login-throttle.js';
import type { GuardedRequest } from '../auth/principal.js';
import { Guarded, UserAccess } from '../auth/route-decorators.js';
import { ChangePasswordCommand, type ChangePasswordResult } from '../commands/change-password/change-password.command.js';
import { LogInCommand, type LogInResult } from '../commands/log-in/log-in.command.js';
import { LogOutCommand, type LogOutResult } from '../commands/log-out/log-out.command.js';
import { RefreshTokensCommand, type RefreshTokensResult } from '../commands/refresh-tokens/refresh-tokens.command.js';
import { RegisterUserCommand, type RegisterUserResult } from '../commands/register-user/register-user.command.js';
import { ChangePasswordRequestDto } from './dto/change-password.request.dto.js';
import { LoggedInResponseDto } from './dto/logged-in.response.dto.js';
import { LoggedOutResponseDto } from './dto/logged-out.response.dto.js';
import { LoginRequestDto } from './dto/login.request.dto.js';
import { LogOutRequestDto } from './dto/log-out.request.dto.js';
import { RefreshTokenRequestDto } from './dto/refresh-token.request.dto.js';
import { RegisteredResponseDto } from './dto/registered.response.dto.js';
import { RegisterRequestDto } from './dto/register.request.dto.js';
import { TokensResultResponseDto } from './dto/tokens-result.response.dto.js';
import { familyOf, userIdOf } from './request-user.js';

const RATE_LIMIT_HEADERS = ['X-Ratelimit-Limit', 'X-Ratelimit-Remaining', 'X-Ratelimit-Reset'];

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly throttle: LoginThrottle,
  ) {}

  @Post('register')
  @ApiOperation({
    summary: 'Create an account and an organization it OWNs',
    description:
      'Open while the server has no user; afterwards only when ALLOW_SIGNUP=true. The email is stored lower-cased. ' +
      'Not idempotent (no Idempotency-Key): the response holds tokens, which are never stored.',
  })
  @ApiEnvelopeResponse(201, RegisteredResponseDto, 'Created: data: { user, org, tokens }')
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR: bad email, password shorter than 10 characters, unknown fields',
    403: 'FORBIDDEN: sign-up is closed (a user exists and ALLOW_SIGNUP is false)',
    409: 'CONFLICT: an account with this email exists',
  })
  async register(@Body() dto: RegisterRequestDto): Promise<RegisterUserResult> {
    return this.commands.execute(new RegisterUserCommand({ email: dto.email, password: dto.password, name: dto.name ?? null, orgName: dto.orgName ?? null }));
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with email and password',
    description:
      'Starts a new login (refresh-token family). Limited to LOGIN_RATE_LIMIT attempts per minute per email and per client ' +
      'address (default 10, 0 = off); every attempt counts. Responses carry X-Ratelimit-Limit, X-Ratelimit-Remaining and ' +
      'X-Ratelimit-Reset (epoch seconds) while the limit is on.',
  })
  @ApiEnvelopeResponse(200, LoggedInResponseDto, 'data: { user, tokens }')
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR',
    401: 'UNAUTHORIZED: wrong email or password (one message for both, about the same time)',
    429: 'RATE_LIMITED: too many attempts for this email or from this address; Retry-After and error.retryAfter tell when to retry',
  })
  async login(@Body() dto: LoginRequestDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LogInResult> {
    // Set before the command runs, so a 401 carries them too; a 429 carries them through its error.
    const headers = await this.throttle.check(dto.email, req.ip);
    for (const name of RATE_LIMIT_HEADERS) if (headers[name] !== undefined) void reply.header(name, headers[name]);
    return this.commands.execute(new LogInCommand(dto.email, dto.password));
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new token pair',
    description:
      'Refresh tokens rotate: the one presented is used up and a new one returned. Presenting a used (or revoked) token is 401 ' +
      'and revokes every token of its login; of two concurrent refreshes with one token, one succeeds and the other counts as ' +
      'such a reuse. An expired or unknown token is 401.',
  })
  @ApiEnvelopeResponse(200, TokensResultResponseDto, 'data: { tokens }')
  @ApiErrorResponses({ 400: 'VALIDATION_ERROR', 401: 'UNAUTHORIZED: unknown, expired, used or revoked refresh token' })
  async refresh(@Body() dto: RefreshTokenRequestDto): Promise<RefreshTokensResult> {
    return this.commands.execute(new RefreshTokensCommand(dto.refreshToken));
  }

  @Post('logout')
  @HttpCode(200)
  @UserAccess()
  @ApiOperation({
    summary: 'End a login',
    description:
      "Revokes every refresh token of a login: the one `refreshToken` belongs to (it must be the caller's), or without a body the " +
      'login the access token was issued for. Logging out twice is fine. The access token itself stays valid until it expires.',
  })
  @ApiEnvelopeResponse(200, LoggedOutResponseDto, 'data: { loggedOut: true }')
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR',
    401: "UNAUTHORIZED / EXPIRED_TOKEN: no valid access token, or a refresh token that is not one of the caller's",
  })
  async logout(@Body() dto: LogOutRequestDto, @Guarded() req: GuardedRequest): Promise<LogOutResult> {
    return this.commands.execute(new LogOutCommand(userIdOf(req), dto.refreshToken ?? null, familyOf(req)));
  }

  @Post('password')
  @HttpCode(200)
  @UserAccess()
  @ApiOperation({
    summary: 'Change the password',
    description:
      "Revokes the refresh tokens of every other login of the user; the caller's login (the one its access token belongs to) " +
      'goes on. Also returns a fresh token pair, which a client may use or ignore. Access tokens already issued stay valid ' +
      'until they expire (ACCESS_TOKEN_TTL_SECONDS).',
  })
  @ApiEnvelopeResponse(200, TokensResultResponseDto, 'data: { tokens } (a new login besides the current one)')
  @ApiErrorResponses({
    400: 'VALIDATION_ERROR: newPassword shorter than 10 characters, unknown fields',
    401: 'UNAUTHORIZED / EXPIRED_TOKEN: no valid access token, or currentPassword is wrong',
  })
  async changePassword(@Body() dto: ChangePasswordRequestDto, @Guarded() req: GuardedRequest): Promise<ChangePasswordResult> {
    return this.commands.execute(new ChangePasswordCommand(userIdOf(req), dto.currentPassword, dto.newPassword, familyOf(req)));
  }
}
