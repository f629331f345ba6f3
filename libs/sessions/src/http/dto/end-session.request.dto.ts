import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';

export class EndSessionRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  productId!: string;

  @ApiProperty({ maxLength: 256 })
  @IsString()
  @Length(1, 256)
  licenseKey!: string;

  @ApiProperty({ maxLength: 256, description: 'The sessionId the client authorized with' })
  @IsString()
  @Length(1, 256)
  sessionId!: string;
}
