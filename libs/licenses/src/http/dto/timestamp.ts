/** An ISO-8601 instant with an explicit time zone (`Z` or `±hh:mm`), so it never depends on the server's zone. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
export const ISO_INSTANT_MESSAGE = '$property must be an ISO-8601 timestamp with a time zone, e.g. 2030-01-01T00:00:00Z';

/** The Date of a validated timestamp field; null and undefined pass through. */
export function toDate<T extends string | null | undefined>(value: T): Date | Exclude<T, string> {
  return (typeof value === 'string' ? new Date(value) : value) as Date | Exclude<T, string>;
}
