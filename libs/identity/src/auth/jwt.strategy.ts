import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AppConfig } from '@geckoguard/core';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { UserPrincipal } from './principal.js';

export interface AccessTokenPayload {
  sub: string;
  typ: 'access';
  /** The login (refresh-token family) the token was issued for, so logout can end it without the refresh token. */
  fam?: string;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  validate(payload: AccessTokenPayload): UserPrincipal | false {
    if (payload?.typ !== 'access' || typeof payload.sub !== 'string') return false;
    return typeof payload.fam === 'string' ? { userId: payload.sub, familyId: payload.fam } : { userId: payload.sub };
  }
}
