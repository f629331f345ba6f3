import type { Actor } from '@geckoguard/audit';
import type { DeferredNonce } from '@geckoguard/identity';
import type { Remaining } from '../domain/authorization-decision.js';
import type { DecisionCode, DecisionMode } from '../domain/decision-mode.js';
import type { LicenseStatus } from '../domain/license-status.js';

/** What a client presents to the decision engine, by either protocol. */
export interface DecisionRequest {
  mode: DecisionMode;
  /** The organization the key is looked up in (an API key's); null looks server-wide (a /licensing token is its own credential). */
  orgId: string | null;
  licenseKey: string;
  /** Product ids the license must belong to (authorize: the body's and the API key's). */
  productIds: string[];
  /** Product codes the license's product must be one of (/licensing); null: any. */
  productCodes: string[] | null;
  /** The HWID (/licensing: the authContext). */
  hwid: string | null;
  /** The address the rules use. */
  ip: string;
  deviceId: string | null;
  /** Raw session id, stored as its SHA-256 (/licensing: derived from the authContext). */
  sessionId: string | null;
  dryRun: boolean;
  actor: Actor;
  /** The product a not-found decision is recorded under (authorize: the API key's); with no org it is not recorded. */
  fallbackProductId: string | null;
  /** A signed request's nonce, claimed in the decision's transaction; a replay is refused (NONCE_REUSED). */
  nonce?: DeferredNonce | null;
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
  contact: { firstName: string | null; lastName: string | null; email: string | null };
  companyName: string | null;
  /** After this decision (a dry run reports the stored value). */
  activatedAt: string | null;
  effectiveExpiresAt: string | null;
  expiresAt: string | null;
  expiresAfterDays: number | null;
}

export interface LicenseDecision {
  allow: boolean;
  reasonCode: 'ALLOW' | DecisionCode;
  message: string;
  /** The license as decided on; null when not found. */
  license: DecidedLicense | null;
  /** Allowed decisions only. */
  policySummary: string | null;
  remaining: { hwid: Remaining; ip: Remaining; concurrency: Remaining } | null;
  /** The session started or refreshed (never for a dry run). */
  session: { id: string; expiresAt: string } | null;
}
