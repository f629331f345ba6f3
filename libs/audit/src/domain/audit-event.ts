import type { ActorType } from '../persistence/audit-event.orm-entity.js';

export interface Actor {
  type: ActorType;
  id: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null };

/** An event to append; `type` is one of the dotted names of API.md §9. */
export interface NewAuditEvent {
  type: string;
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
