import { ApiProperty } from '@nestjs/swagger';

export class WhoamiProductResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: 'GECKO_DESKTOP' })
  code: string;
}
