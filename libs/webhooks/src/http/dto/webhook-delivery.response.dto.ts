import { ApiProperty } from '@nestjs/swagger';
import type { WebhookDeliveryView } from '../../domain/webhook-delivery-view.js';
import type { DeliveryStatus } from '../../persistence/webhook-delivery.orm-entity.js';

export class WebhookDeliveryResponseDto implements WebhookDeliveryView {
  @ApiProperty({ format: 'uuid', description: 'Also sent as X-GG-Delivery' })
  id: string;

  @ApiProperty({ type: String, nullable: true, description: 'The audit event delivered; null for test.ping' })
  eventId: string | null;

  @ApiProperty({ example: 'license.created' })
  event: string;

  @ApiProperty({ enum: ['pending', 'delivered', 'failed'], description: 'pending: due (again) at nextAttemptAt; failed: attempts used up' })
  status: DeliveryStatus;

  @ApiProperty({ description: 'Attempts made so far' })
  attempt: number;

  @ApiProperty({ type: Number, nullable: true, description: 'HTTP status of the latest attempt; null when none came' })
  responseStatus: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why the latest attempt failed' })
  error: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextAttemptAt: string | null;
}

export class WebhookDeliveryListResponseDto {
  @ApiProperty({ type: [WebhookDeliveryResponseDto] })
  deliveries: WebhookDeliveryResponseDto[];
}

export class WebhookDeliveryResultResponseDto {
  @ApiProperty({ type: WebhookDeliveryResponseDto })
  delivery: WebhookDeliveryResponseDto;
}
