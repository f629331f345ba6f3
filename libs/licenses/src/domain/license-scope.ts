/**
 * Where a license command or query may look: the caller's organization, and for API keys also the key's
 * product (a license of another product is not found, API.md §4b).
 */
export interface LicenseScope {
  orgId: string;
  productId?: string;
}
