import { Injectable } from '@nestjs/common';
import { ScopeCatalog } from '@scopegate/resource-server';
import { OAuth2Error } from '../../../core/errors/oauth2-error';
import type { TokenResponse } from '../../common/token-signer';
import { TokenSigner } from '../../common/token-signer';
import type { GrantHandler, GrantRequest } from '../../common/grant-handler';

/**
 * `grant_type=client_credentials` (RFC 6749 §4.4): a token for the client itself (`sub` = its
 * id), never a refresh token. No scope requested: every scope the client may hold; one it may
 * not hold is `invalid_scope`.
 */
@Injectable()
export class ClientCredentialsGrant implements GrantHandler {
  readonly grantType = 'client_credentials';
  readonly requiredFields = [];
  readonly checksPassword = false;

  constructor(
    private readonly tokens: TokenSigner,
    private readonly catalog: ScopeCatalog,
  ) {}

  async issue({ client, requestedScopes }: GrantRequest): Promise<TokenResponse> {
    const holdable = this.catalog.expand(client.scopes);
    const refused = (requestedScopes ?? []).filter((scope) => !holdable.has(scope));
    if (refused.length > 0) {
      throw OAuth2Error.invalidScope(`This client may not be granted: ${refused.join(' ')}`);
    }
    const access = await this.tokens.sign(
      client.clientId,
      client.clientId,
      requestedScopes ?? client.scopes,
    );
    return this.tokens.response(access);
  }
}
