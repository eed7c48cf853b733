import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ProtocolErrorBody } from './protocol-error';

/** The body of a protected route's 401 or 403 (RFC 6750 §3), mirroring `WWW-Authenticate`. */
export class BearerErrorDto implements ProtocolErrorBody {
  @ApiProperty({
    enum: ['unauthorized', 'invalid_token', 'insufficient_scope'],
    description: '"unauthorized" when no token was sent',
    example: 'insufficient_scope',
  })
  error!: string;

  @ApiProperty({ example: 'The access token does not grant every scope this route requires' })
  error_description!: string;

  @ApiPropertyOptional({
    description: 'Every scope the route requires, space-separated (on insufficient_scope)',
    example: 'me items',
  })
  scope?: string;
}
