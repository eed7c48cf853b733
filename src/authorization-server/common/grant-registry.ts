import { Inject, Injectable } from '@nestjs/common';
import { GRANT_TYPES } from '../../clients/client.entity';
import { authorizationConfig, type AuthorizationConfig } from '../../config/authorization.config';
import { GRANT_HANDLERS, type GrantHandler } from './grant-handler';

/**
 * The grants `POST /token` serves: one handler per grant type a client can be registered for
 * (the clients' vocabulary), no more and no fewer, checked at start-up. With
 * `PASSWORD_GRANT=false` the password grant is not served, for any client: `/token` answers
 * `unsupported_grant_type` and the metadata does not list it.
 */
@Injectable()
export class GrantRegistry {
  private readonly handlers: ReadonlyMap<string, GrantHandler>;
  private readonly served: readonly string[];

  constructor(
    @Inject(GRANT_HANDLERS) handlers: readonly GrantHandler[],
    @Inject(authorizationConfig.KEY) config: Pick<AuthorizationConfig, 'passwordGrant'>,
  ) {
    this.handlers = new Map(handlers.map((handler) => [handler.grantType, handler]));
    const missing = GRANT_TYPES.filter((type) => !this.handlers.has(type));
    if (missing.length > 0 || this.handlers.size !== GRANT_TYPES.length) {
      throw new Error(
        `Every grant type a client may be registered for needs one handler; missing: ${missing.join(', ') || 'none'}`,
      );
    }
    this.served = GRANT_TYPES.filter((type) => type !== 'password' || config.passwordGrant);
  }

  /** The grant types served, in the clients' order (for the metadata and error messages). */
  get grantTypes(): readonly string[] {
    return this.served;
  }

  /** Is the password grant served (`PASSWORD_GRANT`)? */
  get servesPassword(): boolean {
    return this.served.includes('password');
  }

  /** The handler of `grantType`, or undefined for one Scopegate does not serve. */
  get(grantType: string): GrantHandler | undefined {
    return this.served.includes(grantType) ? this.handlers.get(grantType) : undefined;
  }
}
