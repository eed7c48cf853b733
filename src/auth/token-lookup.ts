import { Inject, Injectable } from '@nestjs/common';
import { verify } from 'jsonwebtoken';
import { tokensConfig, type TokensConfig } from '../config/tokens.config';
import { KeyStore } from '../keys/key-store';
import { SessionsService, type FoundRefreshToken } from '../sessions/sessions.service';
import { verifiedTokenOf } from './jwt.strategy';
import { verificationKeyFor } from './token-key';
import type { VerifiedToken } from './verified-token-cache';

/** Longest token looked at; ours are far shorter. */
const MAX_TOKEN_LENGTH = 4096;

/** A token presented to `/revoke` or `/introspect`, once found. */
export type FoundToken =
  | { readonly kind: 'access_token'; readonly token: VerifiedToken }
  | { readonly kind: 'refresh_token'; readonly token: FoundRefreshToken };

/**
 * Finds what a token presented to `/revoke` or `/introspect` is: an access token we signed
 * (signature, `iss`, `aud`, `exp` verified as the bearer strategy does) or one of our refresh
 * tokens. The hint (RFC 7009 §2.1) only says where to look first; a wrong one still finds it.
 */
@Injectable()
export class TokenLookup {
  constructor(
    private readonly keys: KeyStore,
    private readonly sessions: SessionsService,
    @Inject(tokensConfig.KEY) private readonly config: TokensConfig,
  ) {}

  async find(token: string, hint: string | undefined): Promise<FoundToken | null> {
    if (token.length > MAX_TOKEN_LENGTH) return null;
    if (hint !== 'refresh_token') {
      const access = this.accessToken(token);
      if (access) return { kind: 'access_token', token: access };
    }
    const refresh = await this.sessions.find(token);
    if (refresh) return { kind: 'refresh_token', token: refresh };
    if (hint === 'refresh_token') {
      const access = this.accessToken(token);
      if (access) return { kind: 'access_token', token: access };
    }
    return null;
  }

  /** The claims of an unexpired access token we signed, or null for anything else. */
  private accessToken(token: string): VerifiedToken | null {
    // Ours are three base64url parts; anything else is not worth a key lookup.
    if (token.split('.').length !== 3) return null;
    try {
      const key = verificationKeyFor(token, this.keys);
      const verified = verify(token, key.publicKey, {
        algorithms: [key.algorithm],
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: this.config.clockToleranceSeconds,
        complete: true,
      });
      return verifiedTokenOf(verified);
    } catch {
      return null;
    }
  }
}
