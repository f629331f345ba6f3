/**
 * `computeEffectiveExpiry` (domain/effective-expiry.ts) as a SQL expression over a `licenses` row, for
 * queries that filter or sweep by expiry. `alias` names the licenses row, `now` is a timestamptz expression.
 * Kept equal to the TypeScript function by test/expiry-sql.e2e-spec.ts, which compares the two case by case.
 */
export function effectiveExpirySql(alias: string, now: string): string {
  const l = alias;
  const frozenMs = `(${l}.frozen_ms + CASE WHEN ${l}.frozen_at IS NULL THEN 0 ELSE GREATEST(0, floor(extract(epoch FROM (${now} - ${l}.frozen_at)) * 1000)) END)`;
  const fixed = `CASE WHEN ${l}.expiration_mode IN ('fixed', 'both') THEN ${l}.expires_at + ${frozenMs} * interval '1 millisecond' END`;
  const relative =
    `CASE WHEN ${l}.expiration_mode IN ('afterActivation', 'both') AND ${l}.activated_at IS NOT NULL AND ${l}.expires_after_days IS NOT NULL ` +
    `THEN ${l}.activated_at + (${l}.expires_after_days * 86400000::bigint + GREATEST(0, ${frozenMs} - ${l}.frozen_ms_before_activation)) * interval '1 millisecond' END`;
  // LEAST ignores NULLs: a missing bound is absent, as in the TypeScript function.
  return `LEAST(${fixed}, ${relative})`;
}
