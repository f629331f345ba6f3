/** Attempts per delivery, the first included: 10 attempts spread over about 33 hours. */
export const MAX_ATTEMPTS = 10;

const BASE_MS = 30_000;
const CAP_MS = 12 * 3_600_000;

/**
 * Exponential backoff after failed attempt `attempt` (1-based): 30 s, 90 s, 4.5 min, 13.5 min, 40.5 min, 2 h,
 * 6 h, then 12 h twice, so the 10th and last attempt comes about 33 h after the first (API.md §9: at least 8
 * attempts over at least 24 h). Null once the attempts are used up.
 */
export function retryDelayMs(attempt: number): number | null {
  if (attempt >= MAX_ATTEMPTS) return null;
  return Math.min(BASE_MS * 3 ** (attempt - 1), CAP_MS);
}

/** How long a sender holds a claimed delivery: well beyond the 10 s request timeout, then another may retry it. */
export const CLAIM_MS = 60_000;

/** Failed attempts in a row (across the endpoint's deliveries) that disable an endpoint. */
export const DISABLE_AFTER_FAILURES = 100;
