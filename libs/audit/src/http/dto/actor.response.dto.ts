import { ApiProperty } from '@nestjs/swagger';
import type { Actor } from '../../domain/audit-event.js';
import type { ActorType } from '../../persistence/audit-event.orm-entity.js';

export class ActorResponseDto implements Actor {
  @ApiProperty({ enum: ['user', 'api_key', 'client', 'system'] })
  type: ActorType;

  @ApiProperty({ type: String, nullable: true, description: 'User or API key id; null for clients and the system' })
  id: string | null;
}
