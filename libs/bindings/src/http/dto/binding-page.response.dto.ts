import { ApiProperty } from '@nestjs/swagger';
import { BindingResponseDto } from './binding.response.dto.js';

export class BindingPageResponseDto {
  @ApiProperty({ type: [BindingResponseDto] }) bindings!: BindingResponseDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}
