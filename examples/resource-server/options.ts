/** Where Scopegate is, and what its tokens must say to be accepted here. */
export interface ResourceServerOptions {
  /** Scopegate's base URL, e.g. `https://auth.example.com`. */
  scopegateUrl: string;
  /** Scopegate's `JWT_ISSUER`. */
  issuer: string;
  /** Scopegate's `JWT_AUDIENCE`: the tokens meant for this service. */
  audience: string;
}

export const RESOURCE_SERVER_OPTIONS = Symbol('RESOURCE_SERVER_OPTIONS');
