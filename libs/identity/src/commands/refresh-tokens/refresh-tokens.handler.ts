import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppError, Clock, sha256Hex } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { TokenIssuer } from '../../auth/token-issuer.js';
import type { TokenPair } from '../../domain/identity-views.js';
import { rowsOf } from '../../persistence/sql-rows.js';
import { RefreshTokensCommand, type RefreshTokensResult } from './refresh-tokens.command.js';

type Outcome = { tokens: TokenPair } | { refused: string };

@CommandHandler(RefreshTokensCommand)
export class RefreshTokensHandler implements ICommandHandler<RefreshTokensCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly tokens: TokenIssuer,
  ) {}

  async execute({ refreshToken }: RefreshTokensCommand): Promise<RefreshTokensResult> {
    const hash = sha256Hex(refreshToken);
    const now = this.clock.now();
    // The refusal is decided inside the transaction but thrown after it commits, so a family revoked on
    // reuse stays revoked.
    const outcome = await this.transactions.run(async (tx): Promise<Outcome> => {
      // Using the token up is one conditional UPDATE: of two concurrent refreshes with one token, the second
      // waits for the first's row lock, then finds used_at set and is treated as a reuse.
      const used = rowsOf<{ user_id: string; family_id: string }>(
        await tx.query(
          `UPDATE refresh_tokens SET used_at = $2
            WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2
            RETURNING user_id, family_id`,
          [hash, now],
        ),
      )[0];
      if (used) return { tokens: await this.tokens.issue(tx, used.user_id, used.family_id) };

      const [known] = (await tx.query(`SELECT family_id, used_at, revoked_at FROM refresh_tokens WHERE token_hash = $1`, [hash])) as Array<{
        family_id: string;
        used_at: Date | null;
        revoked_at: Date | null;
      }>;
      if (!known) return { refused: 'Invalid refresh token' };
      if (known.used_at || known.revoked_at) {
        // A used or revoked token presented again: it may have been stolen, so the whole login ends.
        await tx.query(`UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, [known.family_id, now]);
        return { refused: 'Refresh token was already used or revoked; every token of this login is now revoked' };
      }
      return { refused: 'Refresh token has expired' };
    });
    if ('refused' in outcome) throw new AppError('UNAUTHORIZED', outcome.refused);
    return { tokens: outcome.tokens };
  }
}
