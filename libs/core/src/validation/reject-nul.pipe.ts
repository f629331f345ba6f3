import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '../errors/app-error.js';

/** The path of the first string holding U+0000 in a parsed body or query, or null. */
export function nulPath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = nulPath(item, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** 400 VALIDATION_ERROR for the field holding U+0000. */
export function nulRefusal(path: string): AppError {
  return AppError.validation([{ path, message: 'must not contain the NUL character (\\u0000)' }]);
}

/**
 * PostgreSQL text cannot hold U+0000, so a string carrying it (a JSON "\u0000", a query "%00") would fail at the
 * database as a 500. Refused up front for bodies, queries and path parameters: 400 VALIDATION_ERROR naming the field.
 * A body without a DTO class is one its handler checks itself, in its own order (`validateBody` does this check).
 */
@Injectable()
export class RejectNulPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom' || (metadata.type === 'body' && (!metadata.metatype || metadata.metatype === Object))) return value;
    const path = nulPath(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
    if (path !== null) throw nulRefusal(path);
    return value;
  }
}
