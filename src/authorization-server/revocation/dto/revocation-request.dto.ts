import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The form of `POST /revoke` (RFC 7009 §2.1), as the OpenAPI document describes it. */
export class RevocationRequestDto {
  @ApiProperty({ description: 'The token to revoke' })
  token!: string;

  @ApiPropertyOptional({
    enum: ['access_token', 'refresh_token'],
    description: 'What the token is; a wrong hint still finds it',
  })
  token_type_hint?: string;
}
