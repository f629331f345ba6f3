import type { PolicyProblem } from './policy-types.js';

/** The schema of API.md §3, as data: validation walks it, so every field is checked the same way. */

const MAX_INT = 2_147_483_647;

export interface IntField {
  kind: 'int';
  min: number;
  max: number;
}
export interface EnumField {
  kind: 'enum';
  values: readonly string[];
}
export interface ObjectField {
  kind: 'object';
  fields: Record<string, Field>;
}
export type Field = IntField | EnumField | ObjectField;

const int = (min: number, max = MAX_INT): IntField => ({ kind: 'int', min, max });
const oneOf = (...values: string[]): EnumField => ({ kind: 'enum', values });
const object = (fields: Record<string, Field>): ObjectField => ({ kind: 'object', fields });

/** A cooldown of a century at most: the next reset must still be a date ISO-8601 can write as YYYY-MM-DD. */
const MAX_COOLDOWN_HOURS = 876_000;

const budget = object({ max: int(0), cooldownHours: int(0, MAX_COOLDOWN_HOURS) });

export const POLICY_SCHEMA: ObjectField = object({
  v: int(1, 1),
  limits: object({
    hwid: object({ mode: oneOf('unlimited', 'sticky', 'limit'), maxDistinct: int(1) }),
    ip: object({ mode: oneOf('unlimited', 'sticky', 'limit'), maxDistinct: int(1), windowDays: int(1), limitType: oneOf('ip', 'region') }),
    concurrency: object({ mode: oneOf('unlimited', 'limit'), maxActive: int(1), sessionTtlSeconds: int(60, 86_400) }),
    resetBudget: object({ hwid: budget, ip: budget }),
    misuse: object({ mode: oneOf('off', 'lock'), maxDistinctContexts: int(1), windowHours: int(1) }),
  }),
});

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `"${value}"` : typeof value;
}

/** Problems of `value` against `field`, with paths under `path`. */
export function checkField(field: Field, value: unknown, path: string, problems: PolicyProblem[]): void {
  switch (field.kind) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        problems.push({ path, message: `must be an integer, got ${describe(value)}` });
      } else if (value < field.min || value > field.max) {
        problems.push({
          path,
          message:
            field.min === field.max
              ? `must be ${field.min}`
              : field.max === MAX_INT && value < field.min
                ? `must be >= ${field.min}`
                : `must be between ${field.min} and ${field.max}`,
        });
      }
      return;
    case 'enum':
      if (typeof value !== 'string' || !field.values.includes(value)) {
        problems.push({ path, message: `must be one of ${field.values.map((v) => `"${v}"`).join(', ')}, got ${describe(value)}` });
      }
      return;
    case 'object':
      if (!isPlainObject(value)) {
        problems.push({ path, message: `must be an object, got ${describe(value)}` });
        return;
      }
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        const spec = Object.hasOwn(field.fields, key) ? field.fields[key] : undefined;
        if (!spec) problems.push({ path: childPath, message: 'is not a known policy field' });
        else checkField(spec, child, childPath, problems);
      }
  }
}
