import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppError, Clock } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../../auth/password-hasher.js';
import { TokenIssuer } from '../../auth/token-issuer.js';
import { rowsOf } from '../../persistence/sql-rows.js';
import { ChangePasswordCommand, type ChangePasswordResult } from './change-password.command.js';

@CommandHandler(ChangePasswordCommand)
export class ChangePasswordHandler implements ICommandHandler<ChangePasswordCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
  ) {}

  async execute({ userId, currentPassword, newPassword, callerFamilyId }: ChangePasswordCommand): Promise<ChangePasswordResult> {
    const [user] = (await this.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [userId])) as Array<{ password_hash: string }>;
    if (!user) throw new AppError('UNAUTHORIZED', 'A valid access token is required');
    if (!(await this.hasher.verify(currentPassword, user.password_hash))) throw new AppError('UNAUTHORIZED', 'Current password is wrong');
    const newHash = await this.hasher.hash(newPassword);
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      // Compare-and-set on the hash just checked: of two concurrent changes, only one wins.
      const updated = rowsOf<{ id: string }>(
        await tx.query(`UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1 AND password_hash = $4 RETURNING id`, [
          userId,
          newHash,
          now,
          user.password_hash,
        ]),
      );
      if (updated.length === 0) throw new AppError('UNAUTHORIZED', 'Current password is wrong');
      // Every other login (possibly an attacker's) ends; the caller's goes on.
      await tx.query(`UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $3::uuid`, [
        userId,
        now,
        callerFamilyId,
      ]);
      return { tokens: await this.tokens.issue(tx, userId) };
    });
  }
}
