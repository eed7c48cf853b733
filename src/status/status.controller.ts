import { Controller, Get } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';

export class StatusDto {
  @ApiProperty({ example: 'ok' })
  status!: 'ok';
}

/** The tutorial's `/status/`: any valid token, no particular scope. */
@ApiTags('status')
@Controller('status')
export class StatusController {
  /** Answers `ok` to any caller with a valid access token. */
  @Get()
  status(): StatusDto {
    return { status: 'ok' };
  }
}
