import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENT_METADATA } from './idempotency-key.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

/**
 * A POST that creates honours an `Idempotency-Key` header (API.md §1): scoped to the caller's organization,
 * method and path; the first response below 500 is replayed for 24 h. Put it below the access decorator:
 * it runs after the guards, which tell it the organization.
 */
export function Idempotent() {
  return applyDecorators(
    SetMetadata(IDEMPOTENT_METADATA, true),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        `1..${IDEMPOTENCY_KEY_MAX_LENGTH} characters. A retry with the same key and body within 24 h gets the first response again ` +
        '(with `Idempotent-Replayed: true`); the same key with another body is 422 IDEMPOTENCY_KEY_REUSED; a retry while the ' +
        'first request still runs is 409 CONFLICT.',
      schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH },
    }),
  );
}
