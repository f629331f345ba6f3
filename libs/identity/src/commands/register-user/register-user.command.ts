import { Command } from '@nestjs/cqrs';
import type { OrgView, TokenPair, UserView } from '../../domain/identity-views.js';

export interface RegisterUserInput {
  email: string;
  password: string;
  name: string | null;
  orgName: string | null;
}

export interface RegisterUserResult {
  user: UserView;
  org: OrgView;
  tokens: TokenPair;
}

export class RegisterUserCommand extends Command<RegisterUserResult> {
  constructor(readonly input: RegisterUserInput) {
    super();
  }
}
