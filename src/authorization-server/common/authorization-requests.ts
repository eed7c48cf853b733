import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { LessThan, type Repository } from 'typeorm';
import { authorizationConfig, type AuthorizationConfig } from '../../config/authorization.config';
import { consumeOnce } from '../../database/consume-once';
import { AuthorizationRequestRecord } from './authorization-request.entity';

/** What `/authorize` validated, to be kept while the user signs in and consents. */
export type ValidatedAuthorizationRequest = Pick<
  AuthorizationRequestRecord,
  | 'clientId'
  | 'redirectUri'
  | 'redirectUriSent'
  | 'scope'
  | 'state'
  | 'codeChallenge'
  | 'prompt'
  | 'maxAge'
  | 'nonce'
  | 'loginHint'
>;

/** Longest request id looked up (ours are 43 characters). */
const MAX_ID_LENGTH = 64;

/**
 * The server-side authorization requests (RFC 9700 §4.5: the browser carries only an id of
 * 256 random bits): in the database, so every instance can go on with a request another one
 * validated; 15 minutes; single use.
 */
@Injectable()
export class AuthorizationRequests {
  constructor(
    @InjectRepository(AuthorizationRequestRecord)
    private readonly requests: Repository<AuthorizationRequestRecord>,
    @Inject(authorizationConfig.KEY) private readonly config: AuthorizationConfig,
  ) {}

  async create(
    validated: ValidatedAuthorizationRequest,
    bindingHash: string,
  ): Promise<AuthorizationRequestRecord> {
    const now = Date.now();
    const record = this.requests.create({
      ...validated,
      id: randomBytes(32).toString('base64url'),
      bindingHash,
      csrfToken: randomBytes(32).toString('base64url'),
      userId: null,
      createdAt: new Date(now),
      expiresAt: new Date(now + this.config.requestTtlSeconds * 1000),
      usedAt: null,
    });
    await this.requests.insert(record);
    return record;
  }

  /** The request with this id if it can still go on (not expired, not used), else null. */
  async findLive(id: unknown): Promise<AuthorizationRequestRecord | null> {
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) return null;
    const record = await this.requests.findOneBy({ id });
    if (!record || record.usedAt !== null || record.expiresAt.getTime() <= Date.now()) return null;
    return record;
  }

  /** Notes who signed in for this request (they need not sign in again to finish it). */
  async signedIn(record: AuthorizationRequestRecord, userId: string): Promise<void> {
    record.userId = userId;
    await this.requests.update({ id: record.id }, { userId });
  }

  /** Ends the request: true for exactly one of any parallel calls. */
  consume(record: AuthorizationRequestRecord): Promise<boolean> {
    return consumeOnce(this.requests, { id: record.id }, 'usedAt');
  }

  /** Deletes the requests that expired (a batch at a time); returns how many went. */
  async purge(): Promise<number> {
    const { affected } = await this.requests.delete({ expiresAt: LessThan(new Date(Date.now())) });
    return affected ?? 0;
  }
}
