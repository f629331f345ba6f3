import { registerDecorator, type ValidationOptions } from 'class-validator';
import { EVENT_TYPE_PATTERN } from '../../domain/event-filter.js';

export const MAX_EVENT_FILTERS = 100;

/** A non-empty list of event types (`license.created`) or `*`. */
export function IsEventFilter(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isEventFilter',
      target: target.constructor,
      propertyName,
      options: { message: `events must be a list of 1 to ${MAX_EVENT_FILTERS} event types (such as license.created) or "*"`, ...options },
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) &&
          value.length >= 1 &&
          value.length <= MAX_EVENT_FILTERS &&
          value.every((v) => typeof v === 'string' && v.length <= 64 && (v === '*' || EVENT_TYPE_PATTERN.test(v))),
      },
    });
}
