import { effectiveExpirySql } from '@geckoguard/expiration';
import type { LicenseStatus } from '../domain/license-status.js';

/**
 * `deriveLicenseStatus` as a SQL expression over a `licenses` row aliased `alias`, at the instant bound to
 * the parameter `now` (the server clock, so lists filter exactly as the views they return are derived):
 * revoked, else locked, else frozen, else expired (`now >= effectiveExpiresAt`, with the expiration lib's
 * SQL form of the effective expiry), else active.
 */
export function licenseStatusSql(alias: string, now: string): string {
  const c = (column: string) => `${alias}.${column}`;
  const cases: Array<[string, LicenseStatus]> = [
    [`${c('revoked_at')} IS NOT NULL`, 'REVOKED'],
    [`${c('locked_at')} IS NOT NULL`, 'LOCKED'],
    [`${c('frozen_at')} IS NOT NULL`, 'FROZEN'],
    [`${effectiveExpirySql(alias, now)} <= ${now}`, 'EXPIRED'],
  ];
  return `(CASE ${cases.map(([when, status]) => `WHEN ${when} THEN '${status}'`).join(' ')} ELSE 'ACTIVE' END)`;
}
