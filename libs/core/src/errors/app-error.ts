import { ERROR_STATUS, type ErrorCode } from './error-codes.js';

export interface ErrorDetail {
  path: string;
  message: string;
}

/** A domain error carrying its API code; the exception filter turns it into the §1 envelope. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly extra?: { retryAfter?: number; headers?: Record<string, string> },
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }

  static notFound(what = 'Resource'): AppError {
    return new AppError('NOT_FOUND', `${what} not found`);
  }

  static validation(details: ErrorDetail[], message = 'Request validation failed'): AppError {
    return new AppError('VALIDATION_ERROR', message, details);
  }

  static conflict(message: string): AppError {
    return new AppError('CONFLICT', message);
  }
}
