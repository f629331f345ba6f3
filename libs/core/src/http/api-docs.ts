import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** A success response in the §1 envelope: `{ ok: true, data: <model> }`. */
export function ApiEnvelopeResponse(status: number, model: Type<unknown>, description: string) {
  return applyDecorators(
    ApiExtraModels(model),
    ApiResponse({
      status,
      description,
      schema: {
        type: 'object',
        required: ['ok', 'data'],
        properties: { ok: { type: 'boolean', enum: [true] }, data: { $ref: getSchemaPath(model) } },
      },
    }),
  );
}

const ERROR_SCHEMA = {
  type: 'object',
  required: ['ok', 'error'],
  properties: {
    ok: { type: 'boolean', enum: [false] },
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

/** Error responses in the §1 envelope, keyed by status with what they mean on this route. */
export function ApiErrorResponses(errors: Record<number, string>) {
  return applyDecorators(...Object.entries(errors).map(([status, description]) => ApiResponse({ status: Number(status), description, schema: ERROR_SCHEMA })));
}
