import { Inject, Injectable } from '@nestjs/common';
import { GRANT_TYPES } from '../../clients/client.entity';
import { GRANT_HANDLERS, type GrantHandler } from './grant-handler';

/**
 * The grants `POST /token` serves: one handler per grant type a client can be registered for
 * (the clients' vocabulary), no more and no fewer, checked at start-up.
 */
@Injectable()
export class GrantRegistry {
  private readonly handlers: ReadonlyMap<string, GrantHandler>;

  constructor(@Inject(GRANT_HANDLERS) handlers: readonly GrantHandler[]) {
    this.handlers = new Map(handlers.map((handler) => [handler.grantType, handler]));
    const missing = GRANT_TYPES.filter((type) => !this.handlers.has(type));
    if (missing.length > 0 || this.handlers.size !== GRANT_TYPES.length) {
      throw new Error(
        `Every grant type a client may be registered for needs one handler; missing: ${missing.join(', ') || 'none'}`,
      );
    }
  }

  /** The grant types served, in the clients' order (for the metadata and error messages). */
  get grantTypes(): readonly string[] {
    return GRANT_TYPES;
  }

  /** The handler of `grantType`, or undefined for one Scopegate does not serve. */
  get(grantType: string): GrantHandler | undefined {
    return this.handlers.get(grantType);
  }
}
