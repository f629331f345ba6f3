import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { EVENT_FILTER_VALUES, IsEventFilter, MAX_EVENT_FILTERS } from './is-event-filter.js';
import { IsWebhookUrl, WEBHOOK_URL_MAX_LENGTH } from './is-webhook-url.js';

export class CreateWebhookEndpointRequestDto {
  @ApiProperty({
    maxLength: WEBHOOK_URL_MAX_LENGTH,
    example: 'https://example.com/geckoguard/webhook',
    description: 'http or https. Refused (400) when it resolves to a loopback, private or link-local address, unless WEBHOOK_ALLOW_PRIVATE=true.',
  })
  @IsWebhookUrl()
  url: string;

  @ApiProperty({
    enum: EVENT_FILTER_VALUES,
    isArray: true,
    minItems: 1,
    maxItems: MAX_EVENT_FILTERS,
    example: ['license.created', 'license.revoked'],
    description: 'Event types (API.md §9), or ["*"] for all',
  })
  @IsEventFilter()
  events: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
