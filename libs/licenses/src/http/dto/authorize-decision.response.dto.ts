import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const REMAINING = { oneOf: [{ type: 'integer', minimum: 0 }, { type: 'string', enum: ['unlimited'] }] };

class AuthorizeRemainingDto {
  @ApiProperty(REMAINING) hwid: number | 'unlimited';
  @ApiProperty(REMAINING) ip: number | 'unlimited';
  @ApiProperty(REMAINING) concurrency: number | 'unlimited';
}

class AuthorizeLimitsDto {
  @ApiProperty({ type: AuthorizeRemainingDto, description: 'What is left of each limit after this call' })
  remaining: AuthorizeRemainingDto;
}

class AuthorizePolicyDto {
  @ApiProperty({ description: 'The effective policy in one line' })
  summary: string;
}

class AuthorizeLicenseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ACTIVE' }) status: string;
  @ApiProperty() frozen: boolean;
  @ApiProperty() isTrial: boolean;
}

class AuthorizeSessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

/** 200: API.md §5's allowed decision (not the {ok, data} envelope). */
export class AuthorizeAllowedResponseDto {
  @ApiProperty({ enum: [true] }) ok: true;
  @ApiProperty({ enum: [true] }) allow: true;
  @ApiProperty({ enum: ['ALLOW'] }) reasonCode: 'ALLOW';
  @ApiProperty() message: string;
  @ApiProperty({ type: AuthorizePolicyDto }) policy: AuthorizePolicyDto;
  @ApiProperty({ type: AuthorizeLimitsDto }) limits: AuthorizeLimitsDto;
  @ApiProperty({ type: AuthorizeLicenseDto }) license: AuthorizeLicenseDto;
  @ApiProperty({ type: AuthorizeSessionDto, nullable: true, description: 'The session started or refreshed; null without a sessionId, and on a dry run' })
  session: AuthorizeSessionDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set by the first successful call that is not a dry run' })
  activatedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The earlier of the fixed and relative expiry, frozen time added; null: never' })
  effectiveExpiresAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: string | null;
  @ApiProperty({ type: Number, nullable: true }) expiresAfterDays: number | null;
  @ApiProperty() dryRun: boolean;
}

/** 403 / 404: API.md §5's refused decision (not the §1 error envelope). */
export class AuthorizeDeniedResponseDto {
  @ApiProperty({ enum: [false] }) ok: false;
  @ApiProperty({ enum: [false] }) allow: false;
  @ApiProperty({
    description:
      '404: LICENSE_NOT_FOUND. 403: PRODUCT_MISMATCH, LICENSE_REVOKED, LICENSE_LOCKED, HWID_BLACKLISTED, IP_BLACKLISTED, LICENSE_EXPIRED, ' +
      'LICENSE_EXPIRED_RELATIVE, HWID_REQUIRED, HWID_MISMATCH, HWID_LIMIT_EXCEEDED, IP_MISMATCH, IP_LIMIT_EXCEEDED, REGION_MISMATCH, ' +
      'REGION_LIMIT_EXCEEDED, SESSION_REVOKED, SESSION_REQUIRED, CONCURRENCY_LIMIT_EXCEEDED',
    example: 'HWID_LIMIT_EXCEEDED',
  })
  reasonCode: string;
  @ApiPropertyOptional({ description: 'On 404 only: LICENSE_NOT_FOUND' }) error?: string;
  @ApiProperty() message: string;
  @ApiProperty() dryRun: boolean;
}
