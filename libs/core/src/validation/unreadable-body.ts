import { AppError } from '../errors/app-error.js';

/**
 * Objects and arrays inside one another: deeper bodies are refused before anything recurses into them (a few thousand
 * levels overflowed class-transformer's stack). Far beyond any real document, license metadata included.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * A request body the server cannot take: not JSON, malformed, or nested too deeply. The body parser hands this on
 * instead of failing, so the request is refused with 400 VALIDATION_ERROR where API.md §1 puts body validation:
 * after credentials, membership and permissions.
 */
export class UnreadableBody {
  constructor(readonly reason: string) {}

  refusal(): AppError {
    return AppError.validation([{ path: '', message: this.reason }], this.reason);
  }
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether the JSON text nests objects and arrays deeper than `max`; brackets inside strings do not count. */
export function nestsDeeperThan(json: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
  }
  return false;
}
