/** The session check of API.md §5 (check 8) as a pure function. */

export interface ConcurrencyRuleConfig {
  mode: 'unlimited' | 'limit';
  maxActive: number | null;
  sessionTtlSeconds: number;
}

/** An open (not ended) session of the license, or an ended one of the presented id that was revoked. */
export interface OpenSession {
  sessionIdHash: string;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export type SessionDecision =
  | { allow: true; action: 'none' | 'create' | 'refresh' | 'replace'; remaining: number | 'unlimited' }
  | { allow: false; denial: 'SESSION_REVOKED' | 'SESSION_REQUIRED' | 'CONCURRENCY_LIMIT_EXCEEDED' };

export function isSessionActive(session: OpenSession, ttlSeconds: number, now: Date): boolean {
  return session.revokedAt === null && now.getTime() - session.lastSeenAt.getTime() < ttlSeconds * 1000;
}

/**
 * `refresh` keeps an active session alive; `replace` ends a lapsed session with this id and starts a new one
 * (a lapsed session counts as new against the limit); `create` starts the first session with this id.
 */
export function evaluateSessionRule(
  rule: ConcurrencyRuleConfig,
  open: readonly OpenSession[],
  sessionIdHash: string | null,
  now: Date,
): SessionDecision {
  const mine = sessionIdHash === null ? [] : open.filter((s) => s.sessionIdHash === sessionIdHash);
  // A session id once revoked is refused for good, whichever of its sessions was revoked.
  if (mine.some((s) => s.revokedAt)) return { allow: false, denial: 'SESSION_REVOKED' };
  const current = mine[0];
  const mineActive = current !== undefined && isSessionActive(current, rule.sessionTtlSeconds, now);
  const action = sessionIdHash === null ? 'none' : current === undefined ? 'create' : mineActive ? 'refresh' : 'replace';

  if (rule.mode === 'unlimited') return { allow: true, action, remaining: 'unlimited' };
  if (sessionIdHash === null) return { allow: false, denial: 'SESSION_REQUIRED' };

  const max = rule.maxActive ?? 1;
  const activeOthers = open.filter((s) => s.sessionIdHash !== sessionIdHash && isSessionActive(s, rule.sessionTtlSeconds, now)).length;
  if (!mineActive && activeOthers >= max) return { allow: false, denial: 'CONCURRENCY_LIMIT_EXCEEDED' };
  return { allow: true, action, remaining: max - activeOthers - 1 };
}
