import { ApiProperty } from '@nestjs/swagger';

/** Nest's error body on the JSON routes: validation failures, 404, 409. */
export class HttpErrorDto {
  @ApiProperty({ type: 'integer', example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'What went wrong; a list of messages for a validation failure',
    example: ['title must be shorter than or equal to 200 characters'],
  })
  message!: string | string[];
}
