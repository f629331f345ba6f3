import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '../errors/app-error.js';
import { MAX_JSON_DEPTH } from './unreadable-body.js';

/** A UTF-16 surrogate without its pair: no character at all, refused by PostgreSQL's json and lost in its text. */
const LONE_SURROGATE = /\p{Cs}/u;

function unstorable(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

/** The path of the first string (value or key) holding U+0000 or a lone surrogate in a parsed body or query, or null. */
export function nulPath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return unstorable(value) ? path : null;
  if (value === null || typeof value !== 'object' || depth > MAX_JSON_DEPTH) return null;
  for (const [key, item] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (unstorable(key)) return here;
    const found = nulPath(item, here, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** 400 VALIDATION_ERROR for the field holding U+0000 or a lone surrogate. */
export function nulRefusal(path: string): AppError {
  return AppError.validation([{ path, message: 'must not contain the NUL character (\\u0000) or an unpaired surrogate (\\ud800-\\udfff)' }]);
}

/**
 * PostgreSQL text cannot hold U+0000, so a string carrying it (a JSON "\u0000", a query "%00") would fail at the
 * database as a 500; an unpaired surrogate ("\ud800") fails in a json column and is replaced in a text one.
 * Refused up front for bodies, queries and path parameters: 400 VALIDATION_ERROR naming the field.
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
