import { Injectable } from '@nestjs/common';
import { AccessTokenVerifier, type VerifiedToken } from '@scopegate/resource-server';
import { SessionsService, type FoundRefreshToken } from '../../sessions/sessions.service';

/** A token presented to `/revoke` or `/introspect`, once found. */
export type FoundToken =
  | { readonly kind: 'access_token'; readonly token: VerifiedToken }
  | { readonly kind: 'refresh_token'; readonly token: FoundRefreshToken };

/**
 * Finds what a token presented to `/revoke` or `/introspect` is: an access token we signed
 * (verified exactly as the bearer strategy verifies it) or one of our refresh tokens. The hint
 * (RFC 7009 §2.1) only says where to look first; a wrong one still finds it.
 */
@Injectable()
export class TokenLookup {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly sessions: SessionsService,
  ) {}

  async find(token: string, hint: string | undefined): Promise<FoundToken | null> {
    if (hint !== 'refresh_token') {
      const access = await this.verifier.verify(token);
      if (access) return { kind: 'access_token', token: access };
    }
    const refresh = await this.sessions.find(token);
    if (refresh) return { kind: 'refresh_token', token: refresh };
    if (hint === 'refresh_token') {
      const access = await this.verifier.verify(token);
      if (access) return { kind: 'access_token', token: access };
    }
    return null;
  }
}
