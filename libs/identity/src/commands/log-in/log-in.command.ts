import { Command } from '@nestjs/cqrs';
import type { TokenPair, UserView } from '../../domain/identity-views.js';

export interface LogInResult {
  user: UserView;
  tokens: TokenPair;
}

/** Checks the password and starts a new login (a new refresh-token family). Throttling happens before. */
export class LogInCommand extends Command<LogInResult> {
  constructor(
    readonly email: string,
    readonly password: string,
  ) {
    super();
  }
}
