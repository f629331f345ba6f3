import type { EffectivePolicy } from '@geckoguard/policies';
import { decideAuthorization, type AuthorizationInput, type AuthorizationOutcome, type DenialCode } from './authorization-decision.js';

/**
 * One engine, four ways in. `authorize` is API.md §5 as is; the /licensing/* calls of §10 are the same
 * decision with the session check (§5 check 8) adapted to seats:
 * - `validate` starts no session, so the session check does not apply at all;
 * - `activate` takes or refreshes a seat: one seat per license unless the policy's concurrency mode is `limit`
 *   (then `maxActive`), counted over the license's active sessions of both protocols (one shared pool);
 * - `extend` refreshes the caller's seat only: anything but an active seat of this authContext is
 *   `NO_ACTIVE_SESSION`.
 * A revoked seat does not refuse its authContext for ever (unlike a revoked §5 session id): activating again
 * starts a new seat, so the revoked one is left out of the decision here and ended by the engine.
 */
export type DecisionMode = 'authorize' | 'validate' | 'activate' | 'extend';

export type DecisionCode = DenialCode | 'NO_ACTIVE_SESSION';

export const NO_ACTIVE_SESSION_MESSAGE = 'No active session for this auth context';

export type ModeOutcome = Exclude<AuthorizationOutcome, { allow: false }> | { allow: false; reasonCode: DecisionCode; message: string };

const SESSION_DENIALS: ReadonlySet<DecisionCode> = new Set(['SESSION_REVOKED', 'SESSION_REQUIRED', 'CONCURRENCY_LIMIT_EXCEEDED']);

/** The concurrency rule a mode decides with: validate ignores seats; activate and extend allot one by default. */
export function seatPolicy(mode: DecisionMode, policy: EffectivePolicy): EffectivePolicy {
  const concurrency = policy.limits.concurrency;
  if (mode === 'authorize') return policy;
  if (mode === 'validate') return { ...policy, limits: { ...policy.limits, concurrency: { ...concurrency, mode: 'unlimited' } } };
  if (concurrency.mode === 'limit') return policy;
  return { ...policy, limits: { ...policy.limits, concurrency: { ...concurrency, mode: 'limit', maxActive: 1 } } };
}

export function decideInMode(mode: DecisionMode, input: AuthorizationInput): ModeOutcome {
  if (mode === 'authorize') return decideAuthorization(input);
  const own = mode === 'validate' ? null : input.presented.sessionIdHash;
  const outcome = decideAuthorization({
    ...input,
    policy: input.policy && seatPolicy(mode, input.policy),
    openSessions: input.openSessions.filter((s) => !(s.revokedAt && s.sessionIdHash === own)),
    presented: { ...input.presented, sessionIdHash: own },
  });
  if (mode !== 'extend') return outcome;
  if (outcome.allow ? outcome.session !== 'refresh' : SESSION_DENIALS.has(outcome.reasonCode)) {
    return { allow: false, reasonCode: 'NO_ACTIVE_SESSION', message: NO_ACTIVE_SESSION_MESSAGE };
  }
  return outcome;
}
