import { Command } from '@nestjs/cqrs';
import type { TokenPair } from '../../domain/identity-views.js';

export interface RefreshTokensResult {
  tokens: TokenPair;
}

/** Exchanges a refresh token for a new pair; the presented token is used up (rotation). */
export class RefreshTokensCommand extends Command<RefreshTokensResult> {
  constructor(readonly refreshToken: string) {
    super();
  }
}
