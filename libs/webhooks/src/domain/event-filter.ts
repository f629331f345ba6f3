/** Well-formed event types (API.md §9 lists those that exist; new ones may be added, so any well-formed one is accepted). */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
