import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { RateLimitModule } from '@geckoguard/database';
import { ApiKeyAccessGuard } from './auth/api-key-access.guard.js';
import { ApiKeyAuthGuard } from './auth/api-key-auth.guard.js';
import { ApiKeyStrategy } from './auth/api-key.strategy.js';
import { JwtAuthGuard } from './auth/jwt-auth.guard.js';
import { JwtStrategy } from './auth/jwt.strategy.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { OrgAccessGuard } from './auth/org-access.guard.js';
import { PasswordHasher } from './auth/password-hasher.js';
import { RequestNoncePurger } from './auth/request-nonce-purger.js';
import { RequestSignatureGuard } from './auth/request-signature.guard.js';
import { TokenIssuer } from './auth/token-issuer.js';
import { AddMemberHandler } from './commands/add-member/add-member.handler.js';
import { ChangeMemberRoleHandler } from './commands/change-member-role/change-member-role.handler.js';
import { ChangePasswordHandler } from './commands/change-password/change-password.handler.js';
import { CreateApiKeyHandler } from './commands/create-api-key/create-api-key.handler.js';
import { CreateOrgHandler } from './commands/create-org/create-org.handler.js';
import { DeleteOrgHandler } from './commands/delete-org/delete-org.handler.js';
import { LogInHandler } from './commands/log-in/log-in.handler.js';
import { LogOutHandler } from './commands/log-out/log-out.handler.js';
import { RefreshTokensHandler } from './commands/refresh-tokens/refresh-tokens.handler.js';
import { RegisterUserHandler } from './commands/register-user/register-user.handler.js';
import { RemoveMemberHandler } from './commands/remove-member/remove-member.handler.js';
import { RevokeApiKeyHandler } from './commands/revoke-api-key/revoke-api-key.handler.js';
import { RotateApiKeyHandler } from './commands/rotate-api-key/rotate-api-key.handler.js';
import { UpdateOrgHandler } from './commands/update-org/update-org.handler.js';
import { ApiKeysController } from './http/api-keys.controller.js';
import { AuthController } from './http/auth.controller.js';
import { MeController } from './http/me.controller.js';
import { MembersController } from './http/members.controller.js';
import { OrgsController } from './http/orgs.controller.js';
import { WhoamiController } from './http/whoami.controller.js';
import { ApiKeyQueries } from './queries/read-api-keys/api-key-queries.js';
import { MemberQueries } from './queries/read-members/member-queries.js';
import { OrgQueries } from './queries/read-orgs/org-queries.js';
import { WhoamiQueries } from './queries/whoami/whoami-queries.js';

const GUARDS = [JwtAuthGuard, ApiKeyAuthGuard, OrgAccessGuard, ApiKeyAccessGuard, RequestSignatureGuard];
const HANDLERS = [
  RegisterUserHandler,
  LogInHandler,
  RefreshTokensHandler,
  LogOutHandler,
  ChangePasswordHandler,
  CreateOrgHandler,
  UpdateOrgHandler,
  DeleteOrgHandler,
  AddMemberHandler,
  ChangeMemberRoleHandler,
  RemoveMemberHandler,
  CreateApiKeyHandler,
  RevokeApiKeyHandler,
  RotateApiKeyHandler,
];
const QUERIES = [OrgQueries, MemberQueries, ApiKeyQueries, WhoamiQueries];

// CommandBus comes from CqrsModule.forRoot() in the app module (global), as for every lib.
@Module({
  imports: [PassportModule, RateLimitModule],
  controllers: [AuthController, MeController, OrgsController, MembersController, ApiKeysController, WhoamiController],
  providers: [JwtStrategy, ApiKeyStrategy, ...GUARDS, PasswordHasher, TokenIssuer, LoginThrottle, RequestNoncePurger, ...HANDLERS, ...QUERIES],
  exports: [...GUARDS, RequestNoncePurger],
})
export class IdentityModule {}
