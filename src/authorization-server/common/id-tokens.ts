import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { verify } from 'jsonwebtoken';
import { createHash } from 'node:crypto';
import type { Client } from '../../clients/client.entity';
import { tokensConfig, type TokensConfig } from '../../config/tokens.config';
import { KeyStore } from '../../keys/key-store';

/** An ID token's `typ` (OIDC Core §2): never an access token's `at+jwt`, so neither passes as the other. */
export const ID_TOKEN_TYPE = 'JWT';

/** What an ID token says besides who signed in and for which client. */
export interface IdTokenFacts {
  readonly userId: string;
  readonly client: Client;
  /** When the user signed in (the browser session's login). */
  readonly authTime: Date;
  /** The browser session (`sid`). */
  readonly sessionId: string;
  /** Exactly as the client sent it to /authorize; only in the code exchange's ID token. */
  readonly nonce?: string | null;
  /** The access token issued beside it (`at_hash`). */
  readonly accessToken: string;
}

/** The claims of an ID token hint that Scopegate signed (checked, expiry aside). */
export interface IdTokenHint {
  readonly sub: string;
  readonly aud: string;
  readonly sid?: string;
}

/**
 * ID tokens (OIDC Core §2, §3.1.3.6), signed by `@nestjs/jwt` with the key store's key of the
 * client's algorithm: RS256 unless it registered ES256. Whole seconds, as every claim.
 */
@Injectable()
export class IdTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly keys: KeyStore,
    @Inject(tokensConfig.KEY) private readonly config: TokensConfig,
  ) {}

  sign(facts: IdTokenFacts): Promise<string> {
    const key = this.keys.current(facts.client.idTokenSignedResponseAlg);
    const iat = Math.floor(Date.now() / 1000);
    return this.jwt.signAsync(
      {
        iat,
        auth_time: Math.floor(facts.authTime.getTime() / 1000),
        ...(facts.nonce ? { nonce: facts.nonce } : {}),
        at_hash: atHash(facts.accessToken),
        amr: ['pwd'],
        sid: facts.sessionId,
      },
      {
        privateKey: key.privateKey,
        algorithm: key.algorithm,
        header: { alg: key.algorithm, typ: ID_TOKEN_TYPE, kid: key.kid },
        subject: facts.userId,
        issuer: this.config.issuer,
        audience: facts.client.clientId,
        expiresIn: this.config.idTokenTtlSeconds,
      },
    );
  }

  /**
   * An `id_token_hint` (OIDC Core §3.1.2.1): one of Scopegate's own ID tokens, its signature,
   * issuer and type checked and its expiry not (an expired one still says who it was for).
   * Anything else is null.
   */
  readHint(token: string): IdTokenHint | null {
    try {
      const decoded = this.jwt.decode<{ header?: { kid?: unknown; typ?: unknown } } | null>(token, {
        complete: true,
      });
      const kid = decoded?.header?.kid;
      if (typeof kid !== 'string' || decoded?.header?.typ !== ID_TOKEN_TYPE) return null;
      const key = this.keys.verificationKey(kid);
      if (!key) return null;
      // jsonwebtoken itself, as the access-token verifier: it takes the KeyObject as it is.
      const claims = verify(token, key.publicKey, {
        algorithms: [key.algorithm],
        issuer: this.config.issuer,
        ignoreExpiration: true,
      }) as { sub?: unknown; aud?: unknown; sid?: unknown };
      if (typeof claims.sub !== 'string' || typeof claims.aud !== 'string') return null;
      return {
        sub: claims.sub,
        aud: claims.aud,
        ...(typeof claims.sid === 'string' ? { sid: claims.sid } : {}),
      };
    } catch {
      return null;
    }
  }
}

/** OIDC Core §3.1.3.6: the left half of the access token's SHA-256, base64url. */
export function atHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
