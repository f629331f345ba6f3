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

/** Query parameters whose values never reach a log line (keys, tokens, search terms that may be key prefixes). */
const SENSITIVE_QUERY_PARAM = /key|token|password|secret|signature|nonce|^q$/i;

/** The request URL with the values of sensitive query parameters replaced. */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const query = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the raw name
      }
      return eq >= 0 && SENSITIVE_QUERY_PARAM.test(decoded) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, mark)}?${query}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * Fastify's request serializer without the parts that may carry secrets: no headers (as before), and the
 * URL with sensitive query values redacted.
 */
const serializers = {
  req: (req: LoggedRequest) => ({
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }),
};

/** JSON lines to stdout, or to `destination` (tests capture the output this way). */
export function createRootLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'geckoguard' }, serializers };
  return destination ? pino(options, destination) : pino(options);
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
