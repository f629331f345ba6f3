/** OpenAPI description of a policy document; its content is checked by the policies lib (400 INVALID_POLICY). */
export const POLICY_DOCUMENT_DESCRIPTION =
  'Policy document (API.md §3): { v?: 1, limits: { hwid, ip, concurrency, resetBudget, misuse } }. ' +
  'Unset values take the defaults (every mode unlimited). An unknown key, a wrong type or range, or a policy ' +
  'that is invalid once defaults are applied (e.g. mode "limit" without maxDistinct) is 400 INVALID_POLICY, ' +
  'with one details entry per problem under `defaultLicensePolicy.`.';

export const POLICY_DOCUMENT_EXAMPLE = { v: 1, limits: { hwid: { mode: 'limit', maxDistinct: 2 } } };
