import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../../config/keys.config';
import {
  CLIENT_TYPES,
  GRANT_TYPES,
  type Client,
  type ClientType,
  type GrantType,
} from '../client.entity';

/** A client as the API shows it: never its secret or the secret's hash. */
export class ClientDto {
  @ApiProperty({ example: 'demo-service' })
  clientId!: string;

  @ApiProperty({ example: 'Demo service' })
  name!: string;

  @ApiProperty({ enum: CLIENT_TYPES })
  type!: ClientType;

  @ApiProperty({ enum: GRANT_TYPES, isArray: true })
  grantTypes!: GrantType[];

  @ApiProperty({ type: [String], example: ['items:read'] })
  scopes!: string[];

  @ApiProperty({ type: [String], example: ['https://app.example/callback'] })
  redirectUris!: string[];

  @ApiProperty({ type: [String], example: ['https://app.example/signed-out'] })
  postLogoutRedirectUris!: string[];

  @ApiProperty({ description: 'Users approve its scopes on the consent page' })
  consentRequired!: boolean;

  @ApiProperty({ enum: SIGNING_ALGORITHMS, description: 'The algorithm of its ID tokens' })
  idTokenSignedResponseAlg!: SigningAlgorithm;

  @ApiProperty()
  mayIntrospect!: boolean;

  @ApiProperty()
  disabled!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  static from(client: Client): ClientDto {
    const { clientId, name, type, grantTypes, scopes, mayIntrospect, disabled, createdAt } = client;
    const { redirectUris, postLogoutRedirectUris, consentRequired, idTokenSignedResponseAlg } =
      client;
    return Object.assign(new ClientDto(), {
      clientId,
      name,
      type,
      grantTypes,
      scopes,
      redirectUris,
      postLogoutRedirectUris,
      consentRequired,
      idTokenSignedResponseAlg,
      mayIntrospect,
      disabled,
      createdAt,
    });
  }
}

/** A client just created or given a new secret: the secret is in this answer and no other. */
export class ClientWithSecretDto extends ClientDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'The client secret (256 random bits); shown only in this response. Null for a public client',
  })
  clientSecret!: string | null;

  static withSecret(client: Client, secret: string | null): ClientWithSecretDto {
    return Object.assign(new ClientWithSecretDto(), ClientDto.from(client), {
      clientSecret: secret,
    });
  }
}
