import { Controller, Inject, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { VerifiedToken } from '@scopegate/resource-server';
import { TokenPrincipals } from '../../access-tokens/token-principals';
import { tokensConfig, type TokensConfig } from '../../config/tokens.config';
import { OAuth2Error } from '../../core/errors/oauth2-error';
import type { FoundRefreshToken } from '../../sessions/sessions.service';
import { SessionsService } from '../../sessions/sessions.service';
import { UsersService } from '../../users/users.service';
import { mayStillUse } from '../../users/user-liveness';
import { FormEndpoint, type FormEndpointRequest } from '../common/form-endpoint';
import { TokenLookup } from '../common/token-lookup';
import type { IntrospectionResponseDto } from './dto/introspection.dto';
import { ApiIntrospection } from './introspection.docs';

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
    private readonly lookup: TokenLookup,
    private readonly principals: TokenPrincipals,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    @Inject(tokensConfig.KEY) private readonly config: TokensConfig,
  ) {}

  @FormEndpoint('introspect')
  @ApiIntrospection()
  async introspect(@Req() request: FormEndpointRequest): Promise<IntrospectionResponseDto> {
    const form = request.oauth2Form!;
    const { client, basic } = request.oauth2Client!;
    if (client.type !== 'confidential' || !client.mayIntrospect) {
      throw OAuth2Error.invalidClient(basic, 'This client may not introspect tokens');
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
      ...(principal.kind === 'user' ? { username: principal.user.username } : {}),
      token_type: 'bearer',
      // Whole seconds already; floored for tokens signed by an earlier version.
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
    const user = await this.users.findById(session.userId);
    if (!user || mayStillUse(user, session.createdAt) !== 'yes') return INACTIVE;
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
