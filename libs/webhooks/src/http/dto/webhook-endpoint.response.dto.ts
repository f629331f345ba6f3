import { ApiProperty } from '@nestjs/swagger';
import type { WebhookEndpointView } from '../../domain/webhook-endpoint-view.js';

export class WebhookEndpointResponseDto implements WebhookEndpointView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  productId: string;

  @ApiProperty()
  url: string;

  @ApiProperty({ type: [String] })
  events: string[];

  @ApiProperty()
  enabled: boolean;

  @ApiProperty({ example: 'whsec_...', description: 'Signs every delivery: HMAC-SHA256 keyed with this string exactly, prefix included' })
  secret: string;

  @ApiProperty({ description: 'Failed attempts since the last success; 100 disable the endpoint (webhook.disabled)' })
  consecutiveFailures: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When failures disabled it' })
  disabledAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class WebhookEndpointResultResponseDto {
  @ApiProperty({ type: WebhookEndpointResponseDto })
  endpoint: WebhookEndpointResponseDto;
}

export class WebhookEndpointListResponseDto {
  @ApiProperty({ type: [WebhookEndpointResponseDto] })
  endpoints: WebhookEndpointResponseDto[];
}

export class WebhookEndpointDeletedResponseDto {
  @ApiProperty({ enum: [true], example: true })
  deleted: true;
}
