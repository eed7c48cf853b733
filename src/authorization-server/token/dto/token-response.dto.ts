import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TokenResponse } from '../../common/token-signer';

/** A successful `POST /token` (RFC 6749 §5.1), as the OpenAPI document describes it. */
export class TokenResponseDto implements TokenResponse {
  @ApiProperty({ description: 'A JWT (RFC 9068); send it as "Authorization: Bearer <token>"' })
  access_token!: string;

  @ApiProperty({ enum: ['bearer'], example: 'bearer' })
  token_type!: 'bearer';

  @ApiProperty({ type: 'integer', description: 'Lifetime in seconds', example: 1800 })
  expires_in!: number;

  @ApiProperty({
    description: 'The scopes granted, space-separated (may be fewer than requested)',
    example: 'me items',
  })
  scope!: string;

  @ApiPropertyOptional({
    description:
      'Opaque; trade it at POST /token (grant_type=refresh_token) for a new pair. Password grant of a client that may refresh, and the refresh grant; never client_credentials',
  })
  refresh_token?: string;
}
