import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppError } from '@geckoguard/core';
import { TransactionRunner } from '@geckoguard/database';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../../auth/password-hasher.js';
import { TokenIssuer } from '../../auth/token-issuer.js';
import { normalizeEmail } from '../../domain/identity-rules.js';
import { toUserView, type UserRow, USER_COLUMNS } from '../../persistence/identity-rows.js';
import { LogInCommand, type LogInResult } from './log-in.command.js';

/** One message for an unknown email and a wrong password: callers must not learn which accounts exist. */
export const BAD_CREDENTIALS = 'Invalid email or password';

@CommandHandler(LogInCommand)
export class LogInHandler implements ICommandHandler<LogInCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
  ) {}

  async execute({ email, password }: LogInCommand): Promise<LogInResult> {
    const rows = (await this.dataSource.query(`SELECT ${USER_COLUMNS}, password_hash FROM users WHERE email = $1`, [normalizeEmail(email)])) as Array<
      UserRow & { password_hash: string }
    >;
    const user = rows[0];
    // For an unknown email the KDF still runs (against a dummy hash): about the same time either way.
    const ok = await this.hasher.verify(password, user?.password_hash ?? null);
    if (!user || !ok) throw new AppError('UNAUTHORIZED', BAD_CREDENTIALS);
    const tokens = await this.transactions.run((tx) => this.tokens.issue(tx, user.id));
    return { user: toUserView(user), tokens };
  }
}
