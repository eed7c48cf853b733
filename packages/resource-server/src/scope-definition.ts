/** One scope a module owns: its name, what it lets a client do, and the scopes it implies. */
export interface ScopeDefinition {
  /** RFC 6749 §3.3 scope-token, by convention `resource:action`. */
  readonly name: string;
  /** Shown in the Swagger Authorize dialog and in the OpenAPI scheme. */
  readonly description: string;
  /** Scopes granted along with this one (transitively). */
  readonly implies?: readonly string[];
  /** When true the scope implies every scope of the catalog (`admin`). */
  readonly impliesAll?: boolean;
  /**
   * When true every user holds the scope, and every client may ask for it on a user's behalf
   * (OIDC's `openid`, `profile`, `email`: about the user themself, each still consented to).
   * Never in a client's own token.
   */
  readonly ofEveryUser?: boolean;
}

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export function isScopeToken(value: string): boolean {
  return SCOPE_TOKEN.test(value);
}
