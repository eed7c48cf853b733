import { Controller, Get, Inject } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Public, ScopeCatalog } from '@scopegate/resource-server';
import { GRANT_TYPES } from '../../clients/client.entity';
import { GrantRegistry } from '../common/grant-registry';
import { PROMPT_VALUES } from '../common/prompt';
import { tokensConfig, type TokensConfig } from '../../config/tokens.config';

/** How clients authenticate: a secret by HTTP Basic or in the form, or none (public clients). */
const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'];

/** RFC 8414 authorization server metadata, as far as Scopegate implements it. */
export class AuthorizationServerMetadataDto {
  @ApiProperty({
    example: 'https://auth.example.com',
    description: 'The `ISSUER`: the `iss` of every access token, and the base of every URL here',
  })
  issuer!: string;

  @ApiProperty({ example: 'https://auth.example.com/authorize' })
  authorization_endpoint!: string;

  @ApiProperty({ example: 'https://auth.example.com/token' })
  token_endpoint!: string;

  @ApiProperty({ example: 'https://auth.example.com/.well-known/jwks.json' })
  jwks_uri!: string;

  @ApiProperty({ example: 'https://auth.example.com/revoke' })
  revocation_endpoint!: string;

  @ApiProperty({ type: [String], example: CLIENT_AUTH_METHODS })
  revocation_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ example: 'https://auth.example.com/introspect' })
  introspection_endpoint!: string;

  @ApiProperty({ type: [String], example: ['client_secret_basic', 'client_secret_post'] })
  introspection_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String], example: GRANT_TYPES })
  grant_types_supported!: string[];

  @ApiProperty({ type: [String], example: ['code'] })
  response_types_supported!: string[];

  @ApiProperty({ type: [String], example: ['query'] })
  response_modes_supported!: string[];

  @ApiProperty({ type: [String], example: ['S256'], description: 'PKCE is required' })
  code_challenge_methods_supported!: string[];

  @ApiProperty({ description: 'Every authorization response carries iss (RFC 9207)' })
  authorization_response_iss_parameter_supported!: boolean;

  @ApiProperty({ type: [String], example: PROMPT_VALUES })
  prompt_values_supported!: string[];

  @ApiProperty({ type: [String], example: CLIENT_AUTH_METHODS })
  token_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String], description: 'The whole scope catalog' })
  scopes_supported!: string[];

  @ApiProperty({
    example: 'https://auth.example.com/.well-known/scope-catalog.json',
    description:
      "Scopegate's own member: the scope catalog with descriptions and implications, which `@scopegate/resource-server` reads",
  })
  scope_catalog_uri!: string;
}

/** One scope of the catalog, as services read it. */
export class PublishedScopeDto {
  @ApiProperty({ example: 'items:write' })
  name!: string;

  @ApiProperty({ example: 'Create and update items' })
  description!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['items:read'],
    description: 'The scopes it implies directly (their own implications follow)',
  })
  implies?: string[];

  @ApiPropertyOptional({ example: true, description: 'It implies every scope (admin)' })
  implies_all?: boolean;
}

/** The scope catalog: every scope, its description and what it implies, in declaration order. */
export class ScopeCatalogDto {
  @ApiProperty({ example: 'https://auth.example.com' })
  issuer!: string;

  @ApiProperty({ type: [PublishedScopeDto] })
  scopes!: PublishedScopeDto[];
}

/** The claims UserInfo and ID tokens may carry (OIDC Core §5.1, §2). */
const CLAIMS_SUPPORTED = [
  'sub',
  'iss',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'at_hash',
  'amr',
  'sid',
  'name',
  'preferred_username',
  'updated_at',
  'email',
  'email_verified',
];

/** OpenID Provider metadata (OIDC Discovery 1.0 §3): the RFC 8414 document and OIDC's members. */
export class OpenIdProviderMetadataDto extends AuthorizationServerMetadataDto {
  @ApiProperty({ example: 'https://auth.example.com/userinfo' })
  userinfo_endpoint!: string;

  @ApiProperty({ example: 'https://auth.example.com/logout' })
  end_session_endpoint!: string;

  @ApiProperty({ type: [String], example: ['public'] })
  subject_types_supported!: string[];

  @ApiProperty({ type: [String], example: ['RS256', 'ES256'] })
  id_token_signing_alg_values_supported!: string[];

  @ApiProperty({ type: [String], example: CLAIMS_SUPPORTED })
  claims_supported!: string[];

  @ApiProperty({ example: false })
  request_parameter_supported!: boolean;

  @ApiProperty({ example: false })
  request_uri_parameter_supported!: boolean;

  @ApiProperty({ example: false })
  claims_parameter_supported!: boolean;
}

/**
 * `GET /.well-known/oauth-authorization-server` (RFC 8414) and
 * `GET /.well-known/openid-configuration` (OIDC Discovery): one builder, the same values: where the token endpoint and the
 * keys are, and what is supported. Every URL is built from the issuer, never from the request:
 * a forged `Host` cannot change the document, so it is computed once. A member with nothing
 * to list is left out rather than sent empty.
 */
@ApiTags('auth')
@Controller('.well-known')
export class DiscoveryController {
  private readonly document: AuthorizationServerMetadataDto;
  private readonly openidDocument: OpenIdProviderMetadataDto;
  private readonly catalogDocument: ScopeCatalogDto;

  constructor(
    catalog: ScopeCatalog,
    grants: GrantRegistry,
    @Inject(tokensConfig.KEY) tokens: TokensConfig,
  ) {
    const issuer = tokens.issuer;
    this.document = {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      revocation_endpoint: `${issuer}/revoke`,
      revocation_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
      introspection_endpoint: `${issuer}/introspect`,
      // Only confidential clients introspect: they always authenticate.
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      grant_types_supported: [...grants.grantTypes],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      prompt_values_supported: [...PROMPT_VALUES],
      token_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
      scopes_supported: catalog.definitions.map((definition) => definition.name),
      scope_catalog_uri: `${issuer}/.well-known/scope-catalog.json`,
    };
    this.catalogDocument = {
      issuer,
      scopes: catalog.definitions.map(({ name, description, implies, impliesAll }) => ({
        name,
        description,
        ...(implies?.length ? { implies: [...implies] } : {}),
        ...(impliesAll ? { implies_all: true } : {}),
      })),
    };
    this.openidDocument = {
      ...this.document,
      userinfo_endpoint: `${issuer}/userinfo`,
      end_session_endpoint: `${issuer}/logout`,
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      claims_supported: [...CLAIMS_SUPPORTED],
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      claims_parameter_supported: false,
    };
  }

  @Public()
  @Get('openid-configuration')
  @ApiOperation({ summary: 'OpenID Provider metadata (OIDC Discovery 1.0)' })
  @ApiOkResponse({
    description: 'The RFC 8414 metadata and the OpenID members',
    type: OpenIdProviderMetadataDto,
  })
  openidConfiguration(): OpenIdProviderMetadataDto {
    return this.openidDocument;
  }

  @Public()
  @Get('oauth-authorization-server')
  @ApiOperation({ summary: 'Authorization server metadata (RFC 8414)' })
  @ApiOkResponse({ description: 'The metadata', type: AuthorizationServerMetadataDto })
  metadata(): AuthorizationServerMetadataDto {
    return this.document;
  }

  @Public()
  @Get('scope-catalog.json')
  @ApiOperation({
    summary: 'The scope catalog',
    description:
      'Every scope with its description and what it implies: what other services enforce with the same implications (`@scopegate/resource-server` reads it at start-up)',
  })
  @ApiOkResponse({ description: 'The catalog', type: ScopeCatalogDto })
  scopeCatalog(): ScopeCatalogDto {
    return this.catalogDocument;
  }
}
