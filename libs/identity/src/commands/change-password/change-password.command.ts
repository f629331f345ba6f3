import { Command } from '@nestjs/cqrs';
import type { TokenPair } from '../../domain/identity-views.js';

export interface ChangePasswordResult {
  tokens: TokenPair;
}

/**
 * Sets a new password and ends every other login of the user (API.md §2): the caller's own (`callerFamilyId`, the
 * login its access token belongs to) goes on. A fresh pair is returned as well, for a caller without a login of its
 * own to keep (an access token from before logins were tracked).
 */
export class ChangePasswordCommand extends Command<ChangePasswordResult> {
  constructor(
    readonly userId: string,
    readonly currentPassword: string,
    readonly newPassword: string,
    readonly callerFamilyId: string | null,
  ) {
    super();
  }
}
