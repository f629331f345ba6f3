import { ApiProperty } from '@nestjs/swagger';

/** `data` of POST /v1/auth/logout. */
export class LoggedOutResponseDto {
  @ApiProperty({ enum: [true], example: true })
  loggedOut: true;
}
