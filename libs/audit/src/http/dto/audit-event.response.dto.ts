import { ApiProperty } from '@nestjs/swagger';
import type { AuditEventView } from '../../domain/audit-event.js';
import { ActorResponseDto } from './actor.response.dto.js';

export class AuditEventResponseDto implements AuditEventView {
  @ApiProperty({ description: 'A decimal integer as a string, strictly increasing', example: '42' })
  id: string;

  @ApiProperty({ example: 'license.created' })
  type: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  orgId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  productId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  licenseId: string | null;

  @ApiProperty({ type: ActorResponseDto })
  actor: ActorResponseDto;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  occurredAt: string;
}
