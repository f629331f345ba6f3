import { ApiProperty } from '@nestjs/swagger';

export class WhoamiOrgResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}
