const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids that are not UUIDs name nothing (404), and must not reach a uuid column (a 500). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
