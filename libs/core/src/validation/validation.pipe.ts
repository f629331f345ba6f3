import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError, type ErrorDetail } from '../errors/app-error.js';
import { nulPath, nulRefusal } from './reject-nul.pipe.js';
import { UnreadableBody } from './unreadable-body.js';

/**
 * Constraints that say a value has the wrong type: when one fails, the others (ranges, lengths) say nothing more.
 * Containers first: a missing list is "must be an array", not "each value must be a string".
 */
const TYPE_CONSTRAINTS = ['whitelistValidation', 'isDefined', 'isArray', 'isObject', 'nestedValidation', 'isString', 'isInt', 'isNumber', 'isBoolean'];

/** The message of a field that failed several constraints: its type's, or all of them in one line, each once. */
function fieldMessage(constraints: Record<string, string>): string {
  const type = TYPE_CONSTRAINTS.find((name) => constraints[name] !== undefined);
  return type ? constraints[type]! : [...new Set(Object.values(constraints))].join('; ');
}

function flatten(errors: ValidationError[], parent = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints && Object.keys(error.constraints).length > 0) out.push({ path, message: fieldMessage(error.constraints) });
    if (error.children?.length) out.push(...flatten(error.children, path));
  }
  return out;
}

/** A body that is there but is no JSON object (an array, a string, a number, null), or none the parser could read. */
export function bodyShapeRefusal(value: unknown): AppError | null {
  if (value instanceof UnreadableBody) return value.refusal();
  if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    return AppError.validation([{ path: '', message: 'The body must be a JSON object' }]);
  }
  return null;
}

/** 400 for fields a request may not carry, one detail each, worded as the validation pipe words them. */
export function unknownFieldsRefusal(names: readonly string[]): AppError {
  return AppError.validation(names.map((name) => ({ path: name, message: `property ${name} should not exist` })));
}

/** The global pipe: a body must first be a JSON object before its DTO can judge its fields. */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      const refusal = bodyShapeRefusal(value);
      if (refusal) throw refusal;
    }
    return super.transform(value, metadata);
  }
}

/** Unknown fields, wrong types and out-of-range values: 400 VALIDATION_ERROR with one detail per field. */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
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
  const shape = bodyShapeRefusal(body);
  if (shape) return { value: null, error: shape };
  const nul = nulPath(body, '');
  if (nul !== null) return { value: null, error: nulRefusal(nul) };
  try {
    return { value: (await bodyPipe.transform(body, { type: 'body', metatype: type })) as T, error: null };
  } catch (error) {
    if (error instanceof AppError) return { value: null, error };
    throw error;
  }
}
