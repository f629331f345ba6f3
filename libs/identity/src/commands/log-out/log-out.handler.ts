import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppError, Clock, sha256Hex } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { LogOutCommand, type LogOutResult } from './log-out.command.js';

@CommandHandler(LogOutCommand)
export class LogOutHandler implements ICommandHandler<LogOutCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, refreshToken, accessTokenFamilyId }: LogOutCommand): Promise<LogOutResult> {
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      let familyId = accessTokenFamilyId;
      if (refreshToken !== null) {
        const [token] = (await tx.query(`SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND user_id = $2`, [
          sha256Hex(refreshToken),
          userId,
        ])) as Array<{ family_id: string }>;
        // Another user's token is as unknown as a made-up one.
        if (!token) throw new AppError('UNAUTHORIZED', 'Invalid refresh token');
        familyId = token.family_id;
      }
      if (familyId === null) throw AppError.validation([{ path: 'refreshToken', message: 'refreshToken is required to log out this access token' }]);
      // Logging out twice is fine: an already revoked family stays as it is.
      await tx.query(`UPDATE refresh_tokens SET revoked_at = $3 WHERE family_id = $1 AND user_id = $2 AND revoked_at IS NULL`, [familyId, userId, now]);
      return { loggedOut: true };
    });
  }
}
