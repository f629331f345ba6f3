/**
 * Audit events that just committed in this process (ARCHITECTURE rule 2): published on the EventBus after the
 * commit, for best-effort in-process reactions such as waking the live stream and the webhook dispatcher.
 * Never the source of truth: everything that must happen reads the `audit_events` table.
 */
export class AuditEventsCommittedEvent {
  static readonly type = 'audit.events_committed';

  constructor(readonly events: ReadonlyArray<{ type: string; orgId: string | null; productId?: string | null; licenseId?: string | null }>) {}
}
