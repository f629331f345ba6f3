/** A product as the API shows it (API.md §3); the policy is the document as stored, defaults not applied. */
export interface ProductView {
  id: string;
  orgId: string;
  name: string;
  code: string;
  description: string | null;
  defaultLicensePolicy: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** What other libs need of a product (licenses, licensing): its scope and its default policy. */
export interface ProductRef {
  id: string;
  orgId: string;
  code: string;
  defaultLicensePolicy: Record<string, unknown>;
}

/** `code` as API.md §3 defines it; it is what `/licensing/*` calls `productCodes`. */
export const PRODUCT_CODE_PATTERN = /^[A-Z0-9_]{2,64}$/;

/** The fields a PATCH may change, in the order `product.updated` lists them. */
export const PRODUCT_MUTABLE_FIELDS = ['name', 'code', 'description', 'defaultLicensePolicy'] as const;
export type ProductMutableField = (typeof PRODUCT_MUTABLE_FIELDS)[number];
