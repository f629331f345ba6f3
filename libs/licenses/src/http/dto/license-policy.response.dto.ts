import { ApiProperty } from '@nestjs/swagger';
import type { EffectivePolicy } from '@geckoguard/policies';

/** `data` of GET /v1/dashboard/licenses/:id/policy (API.md §3). */
export class LicensePolicyResponseDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The product's default policy as stored" })
  default: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: "The license's override as stored, or null" })
  override: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The default deep-merged with the override, every default filled in' })
  effective: EffectivePolicy | null;
}
