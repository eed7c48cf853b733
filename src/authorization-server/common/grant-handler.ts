import type { Client, GrantType } from '../../clients/client.entity';
import type { User } from '../../users/user.entity';
import type { OAuth2Form } from './oauth2-form';
import type { TokenResponse } from './token-signer';

/** What a grant handler is given: the request's form, its authenticated client and scopes. */
export interface GrantRequest {
  readonly form: OAuth2Form;
  readonly client: Client;
  /** Undefined when `scope` was absent or empty: each grant decides what that means. */
  readonly requestedScopes: string[] | undefined;
  /** The password grant's user, whose password the passport-local strategy has checked. */
  readonly user?: User;
}

/**
 * One `grant_type` of `POST /token`, in a file of its own (`*.grant.ts`). The registry derives
 * from these what the endpoint accepts, what each grant requires and what the metadata lists.
 */
export interface GrantHandler {
  readonly grantType: GrantType;
  /** The form fields the grant needs besides the client's credentials. */
  readonly requiredFields: readonly string[];
  /** True when the user's password is checked (by passport-local) before `issue`. */
  readonly checksPassword: boolean;
  issue(request: GrantRequest): Promise<TokenResponse>;
}

/** The injection token of the registered handlers (a list). */
export const GRANT_HANDLERS = Symbol('GRANT_HANDLERS');
