import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The form of `POST /introspect` (RFC 7662 §2.1), as the OpenAPI document describes it. */
export class IntrospectionRequestDto {
  @ApiProperty({ description: 'The token to describe' })
  token!: string;

  @ApiPropertyOptional({
    enum: ['access_token', 'refresh_token'],
    description: 'What the token is; a wrong hint still finds it',
  })
  token_type_hint?: string;
}

/**
 * RFC 7662 §2.2. An inactive token (expired, revoked, forged, unknown, its user disabled…) is
 * exactly `{"active":false}`; the other members describe an active one.
 */
export class IntrospectionResponseDto {
  @ApiProperty()
  active!: boolean;

  @ApiPropertyOptional({ example: 'me items' })
  scope?: string;

  @ApiPropertyOptional({ example: 'first-party' })
  client_id?: string;

  @ApiPropertyOptional({ example: 'johndoe', description: 'Absent for a client’s own token' })
  username?: string;

  @ApiPropertyOptional({ enum: ['bearer', 'refresh_token'] })
  token_type?: string;

  @ApiPropertyOptional({ description: 'Seconds since the epoch' })
  exp?: number;

  @ApiPropertyOptional({ description: 'Seconds since the epoch' })
  iat?: number;

  @ApiPropertyOptional({ description: 'The user’s id, or the client’s for its own token' })
  sub?: string;

  @ApiPropertyOptional({ example: 'scopegate-api' })
  aud?: string;

  @ApiPropertyOptional({ example: 'scopegate' })
  iss?: string;

  @ApiPropertyOptional({ description: 'Access tokens only' })
  jti?: string;
}
