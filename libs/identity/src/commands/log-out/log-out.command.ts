import { Command } from '@nestjs/cqrs';

export interface LogOutResult {
  loggedOut: true;
}

/**
 * Ends a login: every refresh token of its family is revoked. The login is the one `refreshToken` belongs to
 * when given, else the one the access token was issued for.
 */
export class LogOutCommand extends Command<LogOutResult> {
  constructor(
    readonly userId: string,
    readonly refreshToken: string | null,
    readonly accessTokenFamilyId: string | null = null,
  ) {
    super();
  }
}
