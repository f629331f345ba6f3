import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError, type ErrorDetail } from '../errors/app-error.js';
import { nulPath, nulRefusal } from './reject-nul.pipe.js';

function flatten(errors: ValidationError[], parent = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) out.push({ path, message });
    if (error.children?.length) out.push(...flatten(error.children, path));
  }
  return out;
}

/** Unknown fields, wrong types and out-of-range values: 400 VALIDATION_ERROR with a detail per field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    forbidUnknownValues: true,
    exceptionFactory: (errors) => AppError.validation(flatten(errors)),
  });
}

const bodyPipe = createValidationPipe();

/**
 * The global pipe's check of a body against its DTO class, as a value rather than a throw: for a handler that
 * must refuse other things first (API.md §1: credentials and permissions before the body).
 */
export async function validateBody<T extends object>(type: new () => T, body: unknown): Promise<{ value: T; error: null } | { value: null; error: AppError }> {
  const nul = nulPath(body, '');
  if (nul !== null) return { value: null, error: nulRefusal(nul) };
  try {
    return { value: (await bodyPipe.transform(body, { type: 'body', metatype: type })) as T, error: null };
  } catch (error) {
    if (error instanceof AppError) return { value: null, error };
    throw error;
  }
}
