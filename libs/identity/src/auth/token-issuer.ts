import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, Clock, randomToken, sha256Hex } from '@geckoguard/core';
import type { EntityManager } from 'typeorm';
import type { TokenPair } from '../domain/identity-views.js';
import type { AccessTokenPayload } from './jwt.strategy.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Issues a login's tokens: a short-lived HS256 access JWT and an opaque refresh token, stored only as its
 * SHA-256 in `refresh_tokens`. A refresh token belongs to a family (one login); rotation keeps the family.
 */
@Injectable()
export class TokenIssuer {
  private readonly jwt: JwtService;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.jwt = new JwtService({ secret: config.jwtSecret });
  }

  /** Stores a new refresh token in `tx` (in `familyId`, or a new family) and signs an access token. */
  async issue(tx: EntityManager, userId: string, familyId: string = randomUUID()): Promise<TokenPair> {
    const refreshToken = randomToken(32);
    const refreshExpiresAt = new Date(this.clock.now().getTime() + this.config.refreshTokenTtlDays * DAY_MS);
    await tx.query(`INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)`, [
      userId,
      familyId,
      sha256Hex(refreshToken),
      refreshExpiresAt,
      this.clock.now(),
    ]);
    // Access-token times follow the wall clock, as passport-jwt checks `exp` against it.
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + this.config.accessTokenTtlSeconds;
    const payload: AccessTokenPayload & { iat: number; exp: number } = { sub: userId, typ: 'access', fam: familyId, iat: issuedAt, exp: expiresAt };
    const accessToken = this.jwt.sign(payload, { algorithm: 'HS256' });
    return {
      accessToken,
      refreshToken,
      accessTokenExpiresAt: new Date(expiresAt * 1000).toISOString(),
      refreshTokenExpiresAt: refreshExpiresAt.toISOString(),
    };
  }
}
