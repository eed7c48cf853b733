import { sha256Hex } from '../../credentials/secret-digest';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { IsNull, LessThan, type Repository } from 'typeorm';
import { authorizationConfig, type AuthorizationConfig } from '../../config/authorization.config';
import { consumeOnce } from '../../database/consume-once';
import { RevokedTokens } from '../../sessions/revoked-tokens';
import { SessionsService } from '../../sessions/sessions.service';
import { AuthorizationCodeRecord } from './authorization-code.entity';

/** What a code is issued for. */
export type CodeGrant = Pick<
  AuthorizationCodeRecord,
  | 'clientId'
  | 'userId'
  | 'redirectUri'
  | 'redirectUriSent'
  | 'scope'
  | 'codeChallenge'
  | 'authTime'
  | 'browserSessionId'
  | 'nonce'
>;

/** What a code's exchange issued: revoked if the code is replayed. */
export interface IssuedFromCode {
  readonly accessTokenId: string;
  readonly accessExpiresAt: Date;
  readonly sessionId: string | null;
}

/** Longest code looked up (ours are 43 characters). */
const MAX_CODE_LENGTH = 128;

/**
 * Authorization codes (RFC 6749 §4.1.2, RFC 9700 §4.5): 256 random bits of which only the
 * SHA-256 is stored, 60 seconds, single use by one conditional update. A second exchange of a
 * spent code revokes what the first issued (RFC 6749 §4.1.2: "SHOULD revoke"), whichever of
 * the two finishes first.
 */
@Injectable()
export class AuthorizationCodes {
  constructor(
    @InjectRepository(AuthorizationCodeRecord)
    private readonly codes: Repository<AuthorizationCodeRecord>,
    private readonly sessions: SessionsService,
    private readonly revocations: RevokedTokens,
    @Inject(authorizationConfig.KEY) private readonly config: AuthorizationConfig,
  ) {}

  /** A new code for `grant`; only its hash is kept. */
  async issue(grant: CodeGrant): Promise<string> {
    const code = randomBytes(32).toString('base64url');
    const now = Date.now();
    await this.codes.insert({
      ...grant,
      codeHash: sha256Hex(code),
      createdAt: new Date(now),
      expiresAt: new Date(now + this.config.codeTtlSeconds * 1000),
      usedAt: null,
      replayedAt: null,
      sessionId: null,
      accessTokenId: null,
      accessExpiresAt: null,
    });
    return code;
  }

  /** The code with this value, spent or not, or null. */
  find(code: string): Promise<AuthorizationCodeRecord | null> {
    if (code.length > MAX_CODE_LENGTH) return Promise.resolve(null);
    return this.codes.findOneBy({ codeHash: sha256Hex(code) });
  }

  /**
   * Spends the code: true for exactly one of any parallel exchanges. Any other exchange is a
   * replay: it is noted, and what the winner issued is revoked (now, or by the winner itself
   * once it has noted what it issued: see `issued`).
   */
  async consume(record: AuthorizationCodeRecord): Promise<boolean> {
    if (await consumeOnce(this.codes, { codeHash: record.codeHash }, 'usedAt')) return true;
    await this.codes.update(
      { codeHash: record.codeHash, replayedAt: IsNull() },
      { replayedAt: new Date(Date.now()) },
    );
    const current = await this.codes.findOneBy({ codeHash: record.codeHash });
    if (current) await this.revokeIssued(current);
    return false;
  }

  /**
   * Notes what the exchange issued; if the code was replayed meanwhile (before this note
   * could be read), revokes it at once.
   */
  async issued(record: AuthorizationCodeRecord, issued: IssuedFromCode): Promise<void> {
    await this.codes.update({ codeHash: record.codeHash }, { ...issued });
    const current = await this.codes.findOneBy({ codeHash: record.codeHash });
    if (current?.replayedAt) await this.revokeIssued(current);
  }

  /** Deletes the codes expired longer ago than an access token lives (nothing left to revoke). */
  async purge(olderThanSeconds: number): Promise<number> {
    const { affected } = await this.codes.delete({
      expiresAt: LessThan(new Date(Date.now() - olderThanSeconds * 1000)),
    });
    return affected ?? 0;
  }

  private async revokeIssued(record: AuthorizationCodeRecord): Promise<void> {
    if (record.sessionId) await this.sessions.revoke(record.sessionId);
    if (record.accessTokenId && record.accessExpiresAt) {
      await this.revocations.revoke(record.accessTokenId, record.accessExpiresAt);
    }
  }
}
