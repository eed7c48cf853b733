import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { GRANT_TYPES } from '../clients/client.entity';
import { appConfig, type AppConfig } from '../config/app.config';
import { tokensConfig, type TokensConfig } from '../config/tokens.config';
import { Public } from '../core/public.decorator';
import { ScopeCatalog } from '../scopes/scope-catalog';

/** How clients authenticate: a secret by HTTP Basic or in the form, or none (public clients). */
const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'];

/** RFC 8414 authorization server metadata, as far as Scopegate implements it. */
export class AuthorizationServerMetadataDto {
  @ApiProperty({ example: 'scopegate', description: 'The `iss` of every access token' })
  issuer!: string;

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

  @ApiProperty({ type: [String], example: CLIENT_AUTH_METHODS })
  token_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String], description: 'The whole scope catalog' })
  scopes_supported!: string[];

  @ApiProperty({ type: [String], description: 'No authorization endpoint: none', example: [] })
  response_types_supported!: string[];
}

/**
 * `GET /.well-known/oauth-authorization-server` (RFC 8414): where the token endpoint and the
 * keys are, and what is supported. Absolute URLs are built from `PUBLIC_URL` when it is set,
 * otherwise from the request (its `Host`, and `X-Forwarded-*` behind a trusted proxy).
 */
@ApiTags('auth')
@Controller('.well-known')
export class DiscoveryController {
  private readonly scopes: string[];

  constructor(
    catalog: ScopeCatalog,
    @Inject(tokensConfig.KEY) private readonly tokens: TokensConfig,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {
    this.scopes = catalog.definitions.map((definition) => definition.name);
  }

  @Public()
  @Get('oauth-authorization-server')
  @ApiOperation({ summary: 'Authorization server metadata (RFC 8414)' })
  @ApiOkResponse({ description: 'The metadata', type: AuthorizationServerMetadataDto })
  metadata(@Req() request: FastifyRequest): AuthorizationServerMetadataDto {
    const base = this.app.publicUrl ?? `${request.protocol}://${request.host}`;
    return {
      issuer: this.tokens.issuer,
      token_endpoint: `${base}/token`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      revocation_endpoint: `${base}/revoke`,
      revocation_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
      introspection_endpoint: `${base}/introspect`,
      // Only confidential clients introspect: they always authenticate.
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      grant_types_supported: [...GRANT_TYPES],
      token_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
      scopes_supported: this.scopes,
      response_types_supported: [],
    };
  }
}
