import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CreateOrgRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Gecko Software' })
  @IsString()
  @Length(1, 200)
  name: string;
}
