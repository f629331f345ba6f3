import 'reflect-metadata';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  AllExceptionsFilter,
  AppConfig,
  Clock,
  createValidationPipe,
  DeclaredInputInterceptor,
  EnvelopeInterceptor,
  MAX_JSON_DEPTH,
  nestsDeeperThan,
  RejectNulPipe,
  sendError,
  UnreadableBody,
} from '@geckoguard/core';
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';
import swaggerUiDist from 'swagger-ui-dist';
import { AppModule } from './app.module.js';
import { APP_VERSION } from './config/version.js';
import { createRootLogger, PinoNestLogger } from './config/pino-logger.js';

export interface CreateAppOptions {
  config: AppConfig;
  databaseUrl: string;
  clock?: Clock;
  logger?: Logger;
}

/**
 * Fastify's parser says only that it refused a body. It also refuses valid JSON with a `__proto__` or
 * `constructor.prototype` key (a prototype-pollution guard); such a body is not malformed, and the client is told so.
 */
function whyUnparsed(body: Buffer): string {
  try {
    JSON.parse(body.toString('utf8'));
    return 'JSON with a __proto__ or constructor.prototype key is refused';
  } catch {
    return 'Malformed JSON body';
  }
}

/** Builds the HTTP application; `main.ts` and the e2e tests share it, so tests exercise the real server. */
export async function createApp(opts: CreateAppOptions): Promise<NestFastifyApplication> {
  const logger = opts.logger ?? createRootLogger(opts.config.logLevel);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // Per-request access lines only when debugging: at 1,500+ authorizations/s they would dominate the output.
    logController: new LogController({ disableRequestLogging: opts.config.logLevel !== 'debug' && opts.config.logLevel !== 'trace' }),
    bodyLimit: opts.config.bodyLimitBytes,
    // TRUST_PROXY hops: the socket peer and the next n-1 X-Forwarded-For entries are proxies, the one before
    // them is the client. (Fastify 5 ignores a plain number here, so the hop test is spelled out.)
    trustProxy: opts.config.trustProxy > 0 ? (_address: string, hop: number) => hop < opts.config.trustProxy : false,
    return503OnClosing: false,
    // Errors Fastify meets before any route runs (a path that is not valid percent-encoding) answer in the §1
    // envelope too, not in Fastify's own format.
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) => sendError(reply, error),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(opts), adapter, {
    rawBody: true,
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  // JSON as Fastify parses it, except that an empty body means "no body": clients that always send
  // Content-Type: application/json may post actions (revoke, logout, ...) without a payload. A body that cannot
  // be read (malformed, nested too deeply, not JSON) is passed on as an UnreadableBody rather than failed here,
  // so that it is refused after the credentials and permissions are checked (API.md §1's order).
  const defaultJson = adapter.getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: opts.config.bodyLimitBytes }, (req, body: Buffer, done) => {
    if (body.length === 0) return done(null, undefined);
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) return done(null, new UnreadableBody(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`));
    defaultJson(req as never, body as unknown as string, (error: Error | null, value: unknown) =>
      done(null, error ? new UnreadableBody(whyUnparsed(body)) : value),
    );
  });
  // Any other content type (text/plain among them) is read raw, so a signed request still verifies, and refused.
  adapter.getInstance().removeContentTypeParser('text/plain');
  app.useBodyParser('*', { bodyLimit: opts.config.bodyLimitBytes }, (_req, body: Buffer, done) =>
    done(null, body.length === 0 ? undefined : new UnreadableBody('The body must be JSON, sent as Content-Type: application/json')),
  );
  app.useGlobalPipes(new RejectNulPipe(), createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalInterceptors(new DeclaredInputInterceptor(), new EnvelopeInterceptor());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('GeckoGuard API')
      .setDescription('License authorization server. Envelopes, codes and semantics: see shared API contract.')
      .setVersion(APP_VERSION)
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey')
      .build(),
  );
  // @nestjs/swagger loads @fastify/static through a dynamic import that jest's ESM VM cannot run; serving the
  // UI assets from a static import behaves the same in the server and under tests.
  (SwaggerModule as unknown as { serveStatic: (path: string, app: NestFastifyApplication) => void }).serveStatic = (path, target) =>
    void target.getHttpAdapter().getInstance().register(fastifyStatic, { root: swaggerUiDist.getAbsoluteFSPath(), prefix: path, decorateReply: false });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
