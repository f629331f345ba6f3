import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, ValidateIf } from 'class-validator';

/** Absent fields are left as they are. */
export class UpdateOrgRequestDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  // Present means a value: null is not a name.
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Length(1, 200)
  name?: string;
}
