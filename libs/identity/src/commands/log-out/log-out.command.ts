import { Command } from '@nestjs/cqrs';

export interface LogOutResult {
  loggedOut: true;
}

/** Ends the login `refreshToken` belongs to: every token of its family is revoked. */
export class LogOutCommand extends Command<LogOutResult> {
  constructor(
    readonly userId: string,
    readonly refreshToken: string,
  ) {
    super();
  }
}
