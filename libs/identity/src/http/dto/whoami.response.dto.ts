import { ApiProperty } from '@nestjs/swagger';
import { WhoamiApiKeyResponseDto } from './whoami-api-key.response.dto.js';
import { WhoamiOrgResponseDto } from './whoami-org.response.dto.js';
import { WhoamiProductResponseDto } from './whoami-product.response.dto.js';

/** `data` of GET /v1/whoami. */
export class WhoamiResponseDto {
  @ApiProperty({ type: WhoamiApiKeyResponseDto })
  apiKey: WhoamiApiKeyResponseDto;

  @ApiProperty({ type: WhoamiProductResponseDto })
  product: WhoamiProductResponseDto;

  @ApiProperty({ type: WhoamiOrgResponseDto })
  org: WhoamiOrgResponseDto;
}
