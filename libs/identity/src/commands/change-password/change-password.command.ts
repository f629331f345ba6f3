import { Command } from '@nestjs/cqrs';
import type { TokenPair } from '../../domain/identity-views.js';

export interface ChangePasswordResult {
  tokens: TokenPair;
}

/** Sets a new password, ends every login of the user and starts a fresh one for the caller. */
export class ChangePasswordCommand extends Command<ChangePasswordResult> {
  constructor(
    readonly userId: string,
    readonly currentPassword: string,
    readonly newPassword: string,
  ) {
    super();
  }
}
