import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/error-codes.js';
import type { ErrorEnvelope } from './envelope.js';

const STATUS_CODE: Record<number, ErrorCode> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'VALIDATION_ERROR',
  422: 'VALIDATION_ERROR',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

const logger = new Logger('Errors');

/**
 * Sends `exception` as the §1 envelope: from the exception filter, and from Fastify's own errors before any route
 * runs (`frameworkErrors`). Server errors are logged.
 */
export function sendError(reply: FastifyReply, exception: unknown): void {
  const { status, body, headers } = toErrorResponse(exception);
  if (status >= 500) logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
  // The envelope is JSON whatever the route had set for its own answer (/metrics sets text/plain before it runs).
  void reply.header('content-type', 'application/json; charset=utf-8');
  void reply.status(status).send(body);
}

/** One place where every error becomes the §1 envelope; nothing a client sends may produce a 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    sendError(host.switchToHttp().getResponse<FastifyReply>(), exception);
  }
}

export interface ErrorResponse {
  status: number;
  body: ErrorEnvelope;
  headers: Record<string, string>;
}

/** The §1 envelope (status, body, headers) of any error; `details` is always there, empty when no field is at fault. */
export function toErrorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof AppError) {
    const error: ErrorEnvelope['error'] = { code: exception.code, message: exception.message, details: exception.details ?? [] };
    const headers: Record<string, string> = { ...(exception.extra?.headers ?? {}) };
    if (exception.extra?.retryAfter !== undefined) {
      error.retryAfter = exception.extra.retryAfter;
      headers['Retry-After'] = String(exception.extra.retryAfter);
    }
    return { status: exception.status, body: { ok: false, error }, headers };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = STATUS_CODE[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_ERROR');
    const message = status === 404 ? 'Route not found' : exception.message;
    // Pipes such as ParseUUIDPipe name no field; the detail still says what was wrong.
    const details = code === 'VALIDATION_ERROR' ? [{ path: '', message }] : [];
    return { status: code === 'VALIDATION_ERROR' ? 400 : status, body: { ok: false, error: { code, message, details } }, headers: {} };
  }
  const fastifyError = exception as FastifyLikeError;
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    if (status === 413) {
      return { status, body: { ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large', details: [] } }, headers: {} };
    }
    const code = STATUS_CODE[status] ?? 'VALIDATION_ERROR';
    const message = fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/i.test(fastifyError.message ?? '')
      ? 'Malformed JSON body'
      : (fastifyError.message ?? 'Bad request');
    const details = code === 'VALIDATION_ERROR' ? [{ path: '', message }] : [];
    return { status: code === 'VALIDATION_ERROR' ? 400 : status, body: { ok: false, error: { code, message, details } }, headers: {} };
  }
  return { status: 500, body: { ok: false, error: { code: 'INTERNAL', message: 'Internal server error', details: [] } }, headers: {} };
}
