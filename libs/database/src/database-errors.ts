/** PostgreSQL error helpers (SQLSTATE codes), so handlers can map constraint races to API errors. */
function sqlState(error: unknown): string | undefined {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.code ?? e?.driverError?.code;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { constraint?: string; driverError?: { constraint?: string } };
  const code = sqlState(error);
  const name = e?.constraint ?? e?.driverError?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}

/**
 * PostgreSQL rolled the transaction back to break a deadlock (40P01) or because it could not be serialized (40001):
 * nothing of it happened, and running it again is the remedy.
 */
export function isTransientConflict(error: unknown): boolean {
  const code = sqlState(error);
  return code === '40P01' || code === '40001';
}
