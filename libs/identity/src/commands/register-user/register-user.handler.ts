import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '@geckoguard/audit';
import { AppConfig, AppError, Clock } from '@geckoguard/core';
import { isUniqueViolation, TransactionRunner } from '@geckoguard/database';
import { PasswordHasher } from '../../auth/password-hasher.js';
import { TokenIssuer } from '../../auth/token-issuer.js';
import { normalizeEmail } from '../../domain/identity-rules.js';
import { toOrgView, toUserView, type OrgRow, type UserRow, USER_COLUMNS } from '../../persistence/identity-rows.js';
import { RegisterUserCommand, type RegisterUserResult } from './register-user.command.js';

const EMAIL_TAKEN = 'An account with this email already exists';

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
  ) {}

  async execute({ input }: RegisterUserCommand): Promise<RegisterUserResult> {
    const email = normalizeEmail(input.email);
    // The slow KDF runs before the transaction, which then holds its locks only briefly.
    const passwordHash = await this.hasher.hash(input.password);
    const now = this.clock.now();
    try {
      return await this.transactions.run(async (tx) => {
        if (!this.config.allowSignup) {
          // Serializes sign-ups while it is closed, so two concurrent "first" registrations cannot both pass.
          await tx.query(`SELECT pg_advisory_xact_lock(hashtext('geckoguard:register'))`);
          const anyUser = (await tx.query(`SELECT 1 FROM users LIMIT 1`)) as unknown[];
          if (anyUser.length > 0) {
            throw new AppError('FORBIDDEN', 'Sign-up is closed: registration is open only until the first user exists, unless ALLOW_SIGNUP=true');
          }
        }
        const taken = (await tx.query(`SELECT 1 FROM users WHERE email = $1`, [email])) as unknown[];
        if (taken.length > 0) throw AppError.conflict(EMAIL_TAKEN);

        const [user] = (await tx.query(
          `INSERT INTO users (email, password_hash, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING ${USER_COLUMNS}`,
          [email, passwordHash, input.name, now],
        )) as UserRow[];
        const orgName = input.orgName ?? (input.name ? `${input.name}'s organization` : 'My organization');
        const [org] = (await tx.query(`INSERT INTO orgs (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id, name, created_at, updated_at`, [
          orgName,
          now,
        ])) as Array<Omit<OrgRow, 'role'>>;
        const [member] = (await tx.query(
          `INSERT INTO org_members (org_id, user_id, role, created_at, updated_at) VALUES ($1, $2, 'OWNER', $3, $3) RETURNING id`,
          [org!.id, user!.id, now],
        )) as Array<{ id: string }>;
        await this.audit.append(tx, [
          {
            type: 'team.member_added',
            orgId: org!.id,
            actor: { type: 'user', id: user!.id },
            data: { memberId: member!.id, userId: user!.id, email, role: 'OWNER' },
            occurredAt: now,
          },
        ]);
        const tokens = await this.tokens.issue(tx, user!.id);
        return { user: toUserView(user!), org: toOrgView({ ...org!, role: 'OWNER' }), tokens };
      });
    } catch (error) {
      // Two concurrent registrations of one email: the unique index decides, the loser gets the same 409.
      if (isUniqueViolation(error)) throw AppError.conflict(EMAIL_TAKEN);
      throw error;
    }
  }
}
