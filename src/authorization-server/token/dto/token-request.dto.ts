import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GRANT_TYPES, type GrantType } from '../../../clients/client.entity';

/**
 * The form of `POST /token` (RFC 6749 §4.3.2, §4.4.2, §6), for the OpenAPI document only: the
 * request is checked by `checkTokenRequest()` so that every failure is an RFC 6749 error.
 */
export class TokenRequestDto {
  @ApiProperty({ enum: GRANT_TYPES, example: 'password' })
  grant_type!: GrantType;

  @ApiPropertyOptional({ description: 'password grant', example: 'johndoe' })
  username?: string;

  @ApiPropertyOptional({ description: 'password grant', format: 'password', example: 'secret' })
  password?: string;

  @ApiPropertyOptional({ description: 'authorization_code grant: the code from /authorize' })
  code?: string;

  @ApiPropertyOptional({
    description: 'authorization_code grant: the PKCE verifier whose S256 was the code_challenge',
  })
  code_verifier?: string;

  @ApiPropertyOptional({
    description: 'authorization_code grant: required, and the same, when it was sent to /authorize',
  })
  redirect_uri?: string;

  @ApiPropertyOptional({ description: 'refresh_token grant: the refresh token to rotate' })
  refresh_token?: string;

  @ApiPropertyOptional({
    description:
      'Space-separated scopes. password: those the user or client may not hold are dropped; client_credentials: omitted means all of the client’s, one it may not hold is invalid_scope; refresh_token: omitted means the session’s, a subset narrows the access token. An unknown scope is invalid_scope.',
    example: 'me items',
  })
  scope?: string;

  @ApiPropertyOptional({
    description:
      'client_secret_post, or a public client naming itself. Omitted (and no HTTP Basic): the built-in public client first-party',
    example: 'demo-service',
  })
  client_id?: string;

  @ApiPropertyOptional({ description: 'client_secret_post (never together with HTTP Basic)' })
  client_secret?: string;
}
