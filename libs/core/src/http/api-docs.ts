import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** A success response in the §1 envelope: `{ ok: true, data: <model> }`, or one of several models. */
export function ApiEnvelopeResponse(status: number, model: Type<unknown> | Array<Type<unknown>>, description: string) {
  const models = Array.isArray(model) ? model : [model];
  const data = models.length === 1 ? { $ref: getSchemaPath(models[0]!) } : { oneOf: models.map((m) => ({ $ref: getSchemaPath(m) })) };
  return applyDecorators(
    ApiExtraModels(...models),
    ApiResponse({
      status,
      description,
      schema: { type: 'object', required: ['ok', 'data'], properties: { ok: { type: 'boolean', enum: [true] }, data } },
    }),
  );
}

/** The §1 error envelope as an OpenAPI schema. */
export const ERROR_SCHEMA = {
  type: 'object',
  required: ['ok', 'error'],
  properties: {
    ok: { type: 'boolean', enum: [false] },
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
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
