import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@geckoguard/core';
import { IsIn, IsOptional } from 'class-validator';
import type { BindingType } from '../../persistence/binding.orm-entity.js';

export class ListBindingsRequestDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['HWID', 'IP'], description: 'Only bindings of this type' })
  @IsOptional()
  @IsIn(['HWID', 'IP'])
  type?: BindingType;
}
