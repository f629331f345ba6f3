import type { ActorType } from '../persistence/audit-event.orm-entity.js';

export interface Actor {
  type: ActorType;
  id: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null };

/**
 * Every event type the server records (API.md §9 names most; the org, team-member and webhook-endpoint changes it
 * leaves open are here too). Webhook subscriptions are checked against this list.
 */
export const AUDIT_EVENT_TYPES = [
  'license.created',
  'license.updated',
  'license.deleted',
  'license.authorized',
  'license.authorization_denied',
  'license.revoked',
  'license.unrevoked',
  'license.frozen',
  'license.unfrozen',
  'license.expired',
  'license.locked',
  'license.unlocked',
  'license.hwid_reset',
  'license.ip_reset',
  'binding.created',
  'session.created',
  'session.revoked',
  'session.ended',
  'blacklist.entry_added',
  'blacklist.entry_updated',
  'blacklist.entry_removed',
  'product.created',
  'product.updated',
  'product.deleted',
  'api_key.created',
  'api_key.revoked',
  'api_key.rotated',
  'org.created',
  'org.updated',
  'org.deleted',
  'team.member_added',
  'team.member_updated',
  'team.member_removed',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'webhook.disabled',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** An event to append; `type` is one of the dotted names of API.md §9. */
export interface NewAuditEvent {
  type: AuditEventType;
  orgId: string | null;
  productId?: string | null;
  licenseId?: string | null;
  actor: Actor;
  data?: Record<string, unknown>;
  occurredAt?: Date;
}

/** The event as the API shows it (§9). */
export interface AuditEventView {
  id: string;
  type: string;
  orgId: string | null;
  productId: string | null;
  licenseId: string | null;
  actor: Actor;
  data: Record<string, unknown>;
  occurredAt: string;
}
