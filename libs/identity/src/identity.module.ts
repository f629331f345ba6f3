import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { ApiKeyAccessGuard } from './auth/api-key-access.guard.js';
import { ApiKeyAuthGuard } from './auth/api-key-auth.guard.js';
import { ApiKeyStrategy } from './auth/api-key.strategy.js';
import { JwtAuthGuard } from './auth/jwt-auth.guard.js';
import { JwtStrategy } from './auth/jwt.strategy.js';
import { OrgAccessGuard } from './auth/org-access.guard.js';
import { RequestSignatureGuard } from './auth/request-signature.guard.js';

const GUARDS = [JwtAuthGuard, ApiKeyAuthGuard, OrgAccessGuard, ApiKeyAccessGuard, RequestSignatureGuard];

@Module({
  imports: [PassportModule],
  providers: [JwtStrategy, ApiKeyStrategy, ...GUARDS],
  exports: [...GUARDS],
})
export class IdentityModule {}
