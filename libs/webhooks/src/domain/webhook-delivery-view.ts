import type { DeliveryStatus } from '../persistence/webhook-delivery.orm-entity.js';

/** A delivery as the API shows it (API.md §9). */
export interface WebhookDeliveryView {
  id: string;
  eventId: string | null;
  event: string;
  status: DeliveryStatus;
  attempt: number;
  responseStatus: number | null;
  error: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
}
