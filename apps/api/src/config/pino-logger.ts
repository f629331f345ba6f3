import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/** Paths that may carry credentials; pino replaces them before a line is written. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-gg-signature"]',
  'req.headers.cookie',
  'password',
  'currentPassword',
  'newPassword',
  'refreshToken',
  'accessToken',
  'key',
  'licenseKey',
  'licenseToken',
  'secret',
  '*.password',
  '*.refreshToken',
  '*.accessToken',
  '*.key',
  '*.licenseKey',
  '*.secret',
];

export function createRootLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'geckoguard' } });
}

/** Nest's logger interface over pino: one JSON line per message. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
