import { ApiProperty } from '@nestjs/swagger';
import { LicenseContactResponseDto } from '@geckoguard/licenses';
import { LicensingSeatResponseDto } from './licensing-seat.response.dto.js';

/** API.md §10 decision body (200 for every decision; not the §1 envelope). */
export class LicensingDecisionResponseDto {
  @ApiProperty({ enum: ['Success', 'Failed', 'Locked'], description: 'Locked for LICENSE_LOCKED, Failed for every other refusal' })
  authStatus: 'Success' | 'Failed' | 'Locked';

  @ApiProperty({
    example: 'ALLOW',
    description:
      'ALLOW on Success; otherwise LICENSE_NOT_FOUND, PRODUCT_MISMATCH (license product code not in productCodes), LICENSE_REVOKED, LICENSE_LOCKED, ' +
      'HWID_BLACKLISTED, IP_BLACKLISTED, LICENSE_EXPIRED, LICENSE_EXPIRED_RELATIVE, HWID_REQUIRED, HWID_MISMATCH, HWID_LIMIT_EXCEEDED, IP_MISMATCH, ' +
      'IP_LIMIT_EXCEEDED, REGION_MISMATCH, REGION_LIMIT_EXCEEDED, SESSION_REQUIRED (activate without authContext), CONCURRENCY_LIMIT_EXCEEDED ' +
      '(another authContext holds the seat), NO_ACTIVE_SESSION (extend)',
  })
  reasonCode: string;

  @ApiProperty()
  message: string;

  @ApiProperty({ type: String, nullable: true, description: "The license's product code; null when the token is unknown" })
  productCode: string | null;

  @ApiProperty({ type: Boolean, nullable: true })
  isTrial: boolean | null;

  @ApiProperty({ type: LicenseContactResponseDto, nullable: true })
  contact: LicenseContactResponseDto | null;

  @ApiProperty({ type: String, nullable: true })
  companyName: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "The license's effective expiry (null: never)" })
  expiresAt: string | null;

  @ApiProperty({ type: LicensingSeatResponseDto, nullable: true, description: 'The seat, on a successful activate or extend' })
  session: LicensingSeatResponseDto | null;
}
