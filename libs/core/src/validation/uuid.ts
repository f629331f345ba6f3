import { type PipeTransform } from '@nestjs/common';
import { AppError } from '../errors/app-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids that are not UUIDs name nothing (404), and must not reach a uuid column (a 500). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * A path id that must be a UUID: anything else names nothing, so it is 404 NOT_FOUND, as for every other path id
 * (a 400 would tell a caller more than "there is no such thing").
 */
export class PathIdPipe implements PipeTransform<string, string> {
  constructor(private readonly resource: string) {}

  transform(value: string): string {
    if (!isUuid(value)) throw AppError.notFound(this.resource);
    return value;
  }
}
