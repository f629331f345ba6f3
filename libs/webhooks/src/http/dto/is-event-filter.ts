import { registerDecorator, type ValidationOptions } from 'class-validator';
import { AUDIT_EVENT_TYPES } from '@geckoguard/audit';

export const MAX_EVENT_FILTERS = 100;

const KNOWN_TYPES: ReadonlySet<string> = new Set(AUDIT_EVENT_TYPES);

/** What an entry of `events` may be, for the OpenAPI document. */
export const EVENT_FILTER_VALUES: string[] = ['*', ...AUDIT_EVENT_TYPES];

/**
 * A non-empty list of event types the server records (`license.created`), or `*`. A type it never records is refused:
 * such a subscription (a typo, most likely) would wait for ever without a word.
 */
export function IsEventFilter(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isEventFilter',
      target: target.constructor,
      propertyName,
      options: { message: `events must be a list of 1 to ${MAX_EVENT_FILTERS} event types of API.md §9 (such as license.created) or "*"`, ...options },
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) && value.length >= 1 && value.length <= MAX_EVENT_FILTERS && value.every((v) => typeof v === 'string' && (v === '*' || KNOWN_TYPES.has(v))),
      },
    });
}
