/** An endpoint as the API shows it (API.md §9), with its signing secret (ADMIN or higher only). */
export interface WebhookEndpointView {
  id: string;
  productId: string;
  url: string;
  events: string[];
  enabled: boolean;
  secret: string;
  consecutiveFailures: number;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
}
