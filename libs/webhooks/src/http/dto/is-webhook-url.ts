import { registerDecorator, type ValidationOptions } from 'class-validator';

export const WEBHOOK_URL_MAX_LENGTH = 2048;

/** An absolute http(s) URL with a host and without credentials (they would end up in logs). */
export function isWebhookUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > WEBHOOK_URL_MAX_LENGTH) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === '';
}

export function IsWebhookUrl(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isWebhookUrl',
      target: target.constructor,
      propertyName,
      options: { message: `url must be an absolute http or https URL (at most ${WEBHOOK_URL_MAX_LENGTH} characters, no user:password@)`, ...options },
      validator: { validate: isWebhookUrl },
    });
}
