import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../../config/keys.config';
import { NoNulBytes } from '../../http/no-nul-bytes.validator';
import {
  CLIENT_ID_PATTERN,
  CLIENT_TYPES,
  GRANT_TYPES,
  type ClientType,
  type GrantType,
} from '../client.entity';
import { MAX_REDIRECT_URI_LENGTH } from '../redirect-uri';

export class CreateClientDto {
  @ApiProperty({ pattern: CLIENT_ID_PATTERN.source, example: 'billing-service' })
  @Matches(CLIENT_ID_PATTERN, {
    message: 'clientId must be 1-64 letters, digits, dots, dashes or underscores',
  })
  clientId!: string;

  @ApiProperty({ maxLength: 128, example: 'Billing service' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  @NoNulBytes()
  name!: string;

  @ApiProperty({
    enum: CLIENT_TYPES,
    description: 'A confidential client gets a secret (shown once); a public one has none',
  })
  @IsIn(CLIENT_TYPES)
  type!: ClientType;

  @ApiProperty({
    enum: GRANT_TYPES,
    isArray: true,
    example: ['client_credentials'],
    description: 'password only when asked for, and only while PASSWORD_GRANT is on',
  })
  @IsArray()
  @ArrayMaxSize(GRANT_TYPES.length)
  @IsIn(GRANT_TYPES, { each: true })
  grantTypes!: GrantType[];

  @ApiProperty({
    type: [String],
    description: 'Scopes the client may be granted (with what they imply); each in the catalog',
    example: ['items:read'],
  })
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  scopes!: string[];

  @ApiPropertyOptional({
    type: [String],
    description:
      'Where /authorize may send the user back, matched exactly (a loopback http URI on any port): https, loopback http (127.0.0.1, [::1]) or a private-use scheme, no fragment. Needed for authorization_code',
    example: ['https://app.example/callback'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(16)
  @IsString({ each: true })
  @MaxLength(MAX_REDIRECT_URI_LENGTH, { each: true })
  redirectUris?: string[];

  @ApiPropertyOptional({
    type: [String],
    description:
      'Where /logout may send the user back after signing out (OpenID Connect RP-Initiated Logout), matched exactly; the same rules as redirect URIs',
    example: ['https://app.example/signed-out'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(16)
  @IsString({ each: true })
  @MaxLength(MAX_REDIRECT_URI_LENGTH, { each: true })
  postLogoutRedirectUris?: string[];

  @ApiPropertyOptional({
    default: true,
    description: "Users approve the client's scopes on the consent page (false: first-party tools)",
  })
  @IsOptional()
  @IsBoolean()
  consentRequired?: boolean;

  @ApiPropertyOptional({
    enum: SIGNING_ALGORITHMS,
    default: 'RS256',
    description: "The algorithm of the client's ID tokens (OpenID Connect)",
  })
  @IsOptional()
  @IsIn(SIGNING_ALGORITHMS)
  idTokenSignedResponseAlg?: SigningAlgorithm;

  @ApiPropertyOptional({ description: 'May call POST /introspect (confidential clients)' })
  @IsOptional()
  @IsBoolean()
  mayIntrospect?: boolean;

  @ApiPropertyOptional({ description: 'A disabled client gets no tokens; its sessions end' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}
