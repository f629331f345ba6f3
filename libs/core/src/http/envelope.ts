import type { ErrorCode } from '../errors/error-codes.js';
import type { ErrorDetail } from '../errors/app-error.js';

export interface OkEnvelope<T> {
  ok: true;
  data: T;
}

export interface ErrorEnvelope {
  ok: false;
  error: { code: ErrorCode; message: string; details: ErrorDetail[]; retryAfter?: number };
}

export function ok<T>(data: T): OkEnvelope<T> {
  return { ok: true, data };
}

/**
 * Marks a response body that is sent as is, without the `{ok, data}` envelope
 * (authorization decisions, the /licensing protocol). A decision names its `reasonCode`, which the envelope
 * interceptor leaves on the request (`DECISION_REASON`) for whoever counts decisions.
 */
export class RawBody<T = unknown> {
  constructor(
    readonly body: T,
    readonly status?: number,
    readonly reasonCode?: string,
  ) {}
}

/** Where a request that was answered with a decision carries its reason code. */
export const DECISION_REASON = Symbol.for('geckoguard.decisionReason');

export interface DecisionMarked {
  [DECISION_REASON]?: string;
}
