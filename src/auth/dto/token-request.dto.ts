import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The form of `POST /token` (RFC 6749 §4.3.2), for the OpenAPI document only: the request is
 * checked by `checkTokenRequest()` so that every failure is an RFC 6749 error.
 */
export class TokenRequestDto {
  @ApiProperty({ enum: ['password'], example: 'password' })
  grant_type!: 'password';

  @ApiProperty({ example: 'johndoe' })
  username!: string;

  @ApiProperty({ format: 'password', example: 'secret' })
  password!: string;

  @ApiPropertyOptional({
    description:
      'Space-separated scopes to grant. Scopes the user may not hold are dropped; an unknown scope is invalid_scope.',
    example: 'me items',
  })
  scope?: string;
}
