import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';

export class StatusDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';
}

/** The tutorial's `/status/`: any valid token, no particular scope. */
@ApiTags('status')
@Controller('status')
export class StatusController {
  /** Answers `ok` to any caller with a valid access token. */
  @Get()
  @ApiOperation({ summary: 'Check that a token is valid' })
  @ApiOkResponse({ description: 'The token is valid', type: StatusDto })
  status(): StatusDto {
    return { status: 'ok' };
  }
}
