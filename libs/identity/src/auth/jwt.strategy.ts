import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AppConfig } from '@geckoguard/core';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { UserPrincipal } from './principal.js';

export interface AccessTokenPayload {
  sub: string;
  typ: 'access';
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
    return { userId: payload.sub };
  }
}
