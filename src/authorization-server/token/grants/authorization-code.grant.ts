import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ScopeCatalog } from '@scopegate/resource-server';
import { sameInConstantTime } from '../../../credentials/secret-digest';
import { OAuth2Error } from '../../../core/errors/oauth2-error';
import { SessionsService } from '../../../sessions/sessions.service';
import { earliestIssueTime, mayStillUse } from '../../../users/user-liveness';
import { UsersService } from '../../../users/users.service';
import { AuthorizationCodes } from '../../common/authorization-codes';
import { IdTokens } from '../../common/id-tokens';
import { OPENID_SCOPE } from '../../common/openid.scopes';
import type { GrantHandler, GrantRequest } from '../../common/grant-handler';
import { grantableScopes } from '../../common/grant-policy';
import type { TokenResponse } from '../../common/token-signer';
import { TokenSigner } from '../../common/token-signer';

/** RFC 7636 §4.1's verifier: 43-128 unreserved characters. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

const INVALID_CODE = 'The authorization code is invalid, expired or already used';

/**
 * `grant_type=authorization_code` (RFC 6749 §4.1.3, RFC 7636 §4.6), checked in the contract's
 * order: the client (by the guards), the code, the same client, not expired, the PKCE verifier
 * (S256, constant time), the redirect URI, then one atomic consume. A check that fails spends
 * nothing; a second exchange of a spent code revokes what the first issued.
 */
@Injectable()
export class AuthorizationCodeGrant implements GrantHandler {
  readonly grantType = 'authorization_code';
  readonly requiredFields = ['code', 'code_verifier'];
  readonly checksPassword = false;

  constructor(
    private readonly codes: AuthorizationCodes,
    private readonly tokens: TokenSigner,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly catalog: ScopeCatalog,
    private readonly idTokens: IdTokens,
  ) {}

  async issue({ form, client }: GrantRequest): Promise<TokenResponse> {
    const verifier = form.required('code_verifier');
    if (!CODE_VERIFIER.test(verifier)) {
      throw OAuth2Error.invalidRequest(
        'code_verifier must be 43-128 characters of A-Z a-z 0-9 . _ ~ -',
      );
    }
    const redirectUri = form.optional('redirect_uri');
    const record = await this.codes.find(form.required('code'));
    if (!record) throw OAuth2Error.invalidGrant(INVALID_CODE);
    if (record.clientId !== client.clientId) {
      throw OAuth2Error.invalidGrant('The authorization code was issued to another client');
    }
    if (record.expiresAt.getTime() <= Date.now()) throw OAuth2Error.invalidGrant(INVALID_CODE);
    if (!sameInConstantTime(s256(verifier), record.codeChallenge)) {
      throw OAuth2Error.invalidGrant('code_verifier does not match the code_challenge');
    }
    if (record.redirectUriSent && !redirectUri) {
      throw OAuth2Error.invalidRequest(
        'Missing parameter: redirect_uri (it was sent to /authorize)',
      );
    }
    if (redirectUri !== undefined && redirectUri !== record.redirectUri) {
      throw OAuth2Error.invalidGrant('redirect_uri is not the one sent to /authorize');
    }
    if (!(await this.codes.consume(record))) {
      throw OAuth2Error.invalidGrant(
        'The authorization code was already used; the tokens issued from it are revoked',
      );
    }
    const user = await this.users.findById(record.userId);
    if (mayStillUse(user, record.authTime) !== 'yes') throw OAuth2Error.invalidGrant(INVALID_CODE);
    const scopes = grantableScopes(record.scope, user!, client, this.catalog);
    const access = await this.tokens.sign(
      user!.id,
      client.clientId,
      scopes,
      earliestIssueTime(user!),
    );
    const openid = scopes.includes(OPENID_SCOPE);
    const signIn = { authTime: record.authTime, browserSessionId: record.browserSessionId };
    let refreshToken: string | undefined;
    let sessionId: string | null = null;
    if (client.grantTypes.includes('refresh_token')) {
      ({ refreshToken, sessionId } = await this.sessions.start(
        user!.id,
        client.clientId,
        scopes,
        access,
        openid ? signIn : undefined,
      ));
    }
    await this.codes.issued(record, {
      accessTokenId: access.jti,
      accessExpiresAt: access.expiresAt,
      sessionId,
    });
    const idToken = openid
      ? await this.idTokens.sign({
          userId: user!.id,
          client,
          authTime: record.authTime,
          sessionId: record.browserSessionId,
          nonce: record.nonce,
          accessToken: access.token,
        })
      : undefined;
    return this.tokens.response(access, refreshToken, idToken);
  }
}

/** BASE64URL(SHA-256(verifier)) (RFC 7636 §4.2). */
function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
