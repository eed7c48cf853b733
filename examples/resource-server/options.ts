/** Where Scopegate is, and what its tokens must say to be accepted here. */
export interface ResourceServerOptions {
  /** Where this service reaches Scopegate, e.g. `https://auth.example.com`. */
  scopegateUrl: string;
  /** Scopegate's `ISSUER`: the `iss` its tokens carry (usually the same URL). */
  issuer: string;
  /** Scopegate's `JWT_AUDIENCE`: the tokens meant for this service. */
  audience: string;
}

export const RESOURCE_SERVER_OPTIONS = Symbol('RESOURCE_SERVER_OPTIONS');
