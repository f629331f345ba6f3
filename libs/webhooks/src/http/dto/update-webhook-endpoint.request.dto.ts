import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, ValidateIf } from 'class-validator';
import { EVENT_FILTER_VALUES, IsEventFilter, MAX_EVENT_FILTERS } from './is-event-filter.js';
import { IsWebhookUrl, WEBHOOK_URL_MAX_LENGTH } from './is-webhook-url.js';

/** Every field optional; an absent field is left as it is (null is not a value for any of them). */
export class UpdateWebhookEndpointRequestDto {
  @ApiPropertyOptional({ maxLength: WEBHOOK_URL_MAX_LENGTH })
  @ValidateIf((_, value) => value !== undefined)
  @IsWebhookUrl()
  url?: string;

  @ApiPropertyOptional({ enum: EVENT_FILTER_VALUES, isArray: true, minItems: 1, maxItems: MAX_EVENT_FILTERS })
  @ValidateIf((_, value) => value !== undefined)
  @IsEventFilter()
  events?: string[];

  @ApiPropertyOptional({ description: 'true also clears the failure count of an endpoint that was disabled after failing' })
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  enabled?: boolean;
}
