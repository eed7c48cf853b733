import { Controller, Header, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { tokensConfig, type TokensConfig } from '../config/tokens.config';
import { ClientErrorsAs } from '../core/client-errors.decorator';
import { OAuth2Error } from '../core/errors/oauth2-error';
import { Public } from '../core/public.decorator';
import type { FoundRefreshToken } from '../sessions/sessions.service';
import { SessionsService } from '../sessions/sessions.service';
import { ClientAuthentication } from './client-authentication';
import type { IntrospectionResponseDto } from './dto/introspection.dto';
import { oauth2Form } from './oauth2-form';
import { ApiIntrospection } from './token-endpoint.docs';
import { TokenGrants } from './token-grants';
import { TokenLookup } from './token-lookup';
import { TokenPrincipals } from './token-principals';
import { tokenRequestError } from './token-request';
import type { VerifiedToken } from './verified-token-cache';

const INACTIVE: IntrospectionResponseDto = { active: false };

/**
 * `POST /introspect` (RFC 7662), for confidential clients allowed to introspect: is this token
 * good now, and what does it grant? An access token is checked exactly as a protected route
 * checks it (revocation, client, user, password change); anything not active is
 * `{"active":false}`, whatever the reason.
 */
@ApiTags('auth')
@Controller()
export class IntrospectionController {
  constructor(
    private readonly clients: ClientAuthentication,
    private readonly lookup: TokenLookup,
    private readonly principals: TokenPrincipals,
    private readonly sessions: SessionsService,
    private readonly grants: TokenGrants,
    @Inject(tokensConfig.KEY) private readonly config: TokensConfig,
  ) {}

  @Public()
  @Post('introspect')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ClientErrorsAs(tokenRequestError)
  @ApiIntrospection()
  async introspect(@Req() request: FastifyRequest): Promise<IntrospectionResponseDto> {
    const form = oauth2Form(request.headers['content-type'], request.body, request.query);
    const client = await this.clients.authenticate(request.headers.authorization, form);
    if (client.type !== 'confidential' || !client.mayIntrospect) {
      throw OAuth2Error.invalidClient(
        /^basic /i.test(request.headers.authorization ?? ''),
        'This client may not introspect tokens',
      );
    }
    const token = form.required('token');
    const found = await this.lookup.find(token, form.optional('token_type_hint'));
    if (found?.kind === 'access_token') return this.accessToken(found.token);
    if (found?.kind === 'refresh_token') return this.refreshToken(found.token);
    return INACTIVE;
  }

  private async accessToken(token: VerifiedToken): Promise<IntrospectionResponseDto> {
    let principal;
    try {
      principal = await this.principals.of(token);
    } catch {
      return INACTIVE;
    }
    return {
      active: true,
      scope: token.scopes.join(' '),
      client_id: token.clientId,
      ...(principal.subject === 'user' ? { username: principal.user.username } : {}),
      token_type: 'bearer',
      exp: Math.floor(token.exp),
      iat: Math.floor(token.iat),
      sub: token.sub,
      aud: this.config.audience,
      iss: this.config.issuer,
      jti: token.jti,
    };
  }

  /** Active while it can be redeemed: unused, unexpired, its session and user still good. */
  private async refreshToken(found: FoundRefreshToken): Promise<IntrospectionResponseDto> {
    const { record, session } = found;
    if (record.usedAt !== null || !this.sessions.isLive(found)) return INACTIVE;
    const user = await this.grants.sessionUser(session);
    if (!user) return INACTIVE;
    const expiresAt = Math.min(record.expiresAt.getTime(), session.expiresAt.getTime());
    return {
      active: true,
      scope: session.scope.join(' '),
      client_id: session.clientId,
      username: user.username,
      token_type: 'refresh_token',
      exp: Math.floor(expiresAt / 1000),
      iat: Math.floor(record.createdAt.getTime() / 1000),
      sub: user.id,
      aud: this.config.audience,
      iss: this.config.issuer,
    };
  }
}
