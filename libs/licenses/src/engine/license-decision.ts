import type { Actor } from '@geckoguard/audit';
import type { NormalizedIp } from '@geckoguard/bindings';
import type { BatchedApiKey } from '@geckoguard/identity';
import type { Remaining } from '../domain/authorization-decision.js';
import type { DecisionCode, DecisionMode } from '../domain/decision-mode.js';
import type { LicenseStatus } from '../domain/license-status.js';
import type { LicenseContactView } from '../domain/license-view.js';

/**
 * An API key (authorize), checked in the decision's first round trip: it scopes the lookup to its organization,
 * and the license must belong to its product and to the one the body names.
 */
export interface ApiKeyCaller {
  kind: 'api_key';
  key: BatchedApiKey;
  /** The body's productId. */
  productId: string;
  /** The body's ip, which the rules use instead of the observed one for keys with license:assert-ip. */
  assertedIp: NormalizedIp | null;
}

/** A /licensing token: its own credential, looked up server-wide. */
export interface TokenCaller {
  kind: 'token';
  actor: Actor;
}

/** What a client presents to the decision engine, by either protocol. */
export interface DecisionRequest {
  mode: DecisionMode;
  caller: ApiKeyCaller | TokenCaller;
  licenseKey: string;
  /** Product codes the license's product must be one of (/licensing); null: any. */
  productCodes: string[] | null;
  /** The HWID (/licensing: the authContext). */
  hwid: string | null;
  /** The caller's address (through TRUST_PROXY hops). */
  ip: string;
  deviceId: string | null;
  /** Raw session id, stored as its SHA-256 (/licensing: derived from the authContext). */
  sessionId: string | null;
  dryRun: boolean;
  /** Merged into the data of every event the decision writes (/licensing: `{ protocol: "licensing" }`). */
  eventData?: Record<string, unknown>;
}

export interface DecidedLicense {
  id: string;
  orgId: string;
  productId: string;
  productCode: string;
  status: LicenseStatus;
  frozen: boolean;
  isTrial: boolean;
  contact: LicenseContactView;
  companyName: string | null;
  /** After this decision (a dry run reports the stored value). */
  activatedAt: string | null;
  effectiveExpiresAt: string | null;
  expiresAt: string | null;
  expiresAfterDays: number | null;
}

type Remainders = { hwid: Remaining; ip: Remaining; concurrency: Remaining };

export interface AllowedDecision {
  allow: true;
  reasonCode: 'ALLOW';
  message: string;
  license: DecidedLicense;
  policySummary: string;
  remaining: Remainders;
  /** The session started or refreshed (never for a dry run, nor when the policy keeps no sessions). */
  session: { id: string; expiresAt: string } | null;
}

export interface RefusedDecision {
  allow: false;
  reasonCode: DecisionCode;
  message: string;
  /** The license as decided on; null when not found. */
  license: DecidedLicense | null;
  policySummary: null;
  remaining: null;
  session: null;
}

export type LicenseDecision = AllowedDecision | RefusedDecision;
