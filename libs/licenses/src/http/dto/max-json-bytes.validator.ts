import { type ValidationArguments, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

/** `@Validate(MaxJsonBytes, [limit])`: the value, serialized as JSON, takes at most `limit` bytes of UTF-8. */
@ValidatorConstraint({ name: 'maxJsonBytes' })
export class MaxJsonBytes implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    if (value === null || value === undefined) return true;
    return Buffer.byteLength(JSON.stringify(value), 'utf8') <= (args.constraints[0] as number);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must take at most ${args.constraints[0] as number} bytes as JSON`;
  }
}
