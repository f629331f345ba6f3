import { ApiProperty } from '@nestjs/swagger';

export class ResetBindingsResponseDto {
  @ApiProperty({ description: 'Active bindings of the type that were revoked' }) revoked!: number;
  @ApiProperty({ description: 'Budgeted resets spent over the license lifetime (forced ones excluded)' }) resetsUsed!: number;
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string', enum: ['unlimited'] }] }) resetsRemaining!: number | 'unlimited';
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the cooldown started by the last budgeted reset ends; null when no cooldown runs or no resets remain',
  })
  nextResetAt!: string | null;
}
