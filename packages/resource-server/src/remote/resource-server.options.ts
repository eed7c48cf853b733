import { ConfigurableModuleBuilder } from '@nestjs/common';

/** How a service trusts Scopegate's access tokens. */
export interface ResourceServerOptions {
  /**
   * Scopegate's `ISSUER`, exactly: the `iss` its tokens carry and the `issuer` of its metadata.
   * The metadata is read from `<issuer>/.well-known/oauth-authorization-server` unless
   * `discoveryUrl` says otherwise.
   */
  readonly issuer: string;
  /** Scopegate's `JWT_AUDIENCE`: the `aud` a token must carry to be accepted here (any of these). */
  readonly audience: string | readonly string[];
  /** Where the metadata (RFC 8414) is fetched from, when the service reaches Scopegate elsewhere. */
  readonly discoveryUrl?: string;
  /** Seconds of clock difference allowed on `exp`, `nbf` and `iat` (default 5). */
  readonly clockTolerance?: number;
  /** Seconds the JWKS is used before it is fetched again (default 600). */
  readonly keysMaxAge?: number;
  /**
   * Seconds between two fetches of the issuer's metadata or JWKS that are not due to age: an
   * unknown `kid`, a failed attempt (default 30). A flood of forged `kid`s costs one fetch.
   */
  readonly refetchCooldown?: number;
  /** Seconds one fetch from the issuer may take (default 5). */
  readonly fetchTimeout?: number;
  /** Verified tokens remembered until they expire, so a repeat costs no signature check (default 10,000; 0: none). */
  readonly tokenCacheSize?: number;
  /**
   * A confidential client of Scopegate allowed to introspect (`mayIntrospect`): routes marked
   * `@Introspect()` ask Scopegate's `POST /introspect` whether the token is still active, so a
   * revoked token is refused there at once. Without it, `@Introspect()` stops the start-up.
   */
  readonly introspection?: {
    readonly clientId: string;
    readonly clientSecret: string;
    /** Seconds an answer is reused for the same token (default 10; never past the token's expiry). */
    readonly cacheSeconds?: number;
  };
}

/** The options with every default filled in. */
export type ResolvedOptions = Required<
  Omit<ResourceServerOptions, 'discoveryUrl' | 'introspection'>
> & {
  readonly discoveryUrl: string;
  readonly introspection?: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly cacheSeconds: number;
  };
};

export function resolveOptions(options: ResourceServerOptions): ResolvedOptions {
  const issuer = options.issuer;
  if (typeof issuer !== 'string' || !/^https?:\/\/[^/?#]+/.test(issuer)) {
    throw new TypeError(
      `ResourceServerModule: issuer must be Scopegate's ISSUER URL, not ${JSON.stringify(issuer)}`,
    );
  }
  const audiences = typeof options.audience === 'string' ? [options.audience] : options.audience;
  if (!Array.isArray(audiences) || audiences.length === 0 || audiences.some((value) => !value)) {
    throw new TypeError('ResourceServerModule: audience must name the audience tokens carry');
  }
  return {
    issuer,
    audience: options.audience,
    discoveryUrl:
      options.discoveryUrl ?? `${issuer.replace(/\/$/, '')}/.well-known/oauth-authorization-server`,
    clockTolerance: options.clockTolerance ?? 5,
    keysMaxAge: options.keysMaxAge ?? 600,
    refetchCooldown: options.refetchCooldown ?? 30,
    fetchTimeout: options.fetchTimeout ?? 5,
    tokenCacheSize: options.tokenCacheSize ?? 10_000,
    introspection: options.introspection && {
      clientId: options.introspection.clientId,
      clientSecret: options.introspection.clientSecret,
      cacheSeconds: options.introspection.cacheSeconds ?? 10,
    },
  };
}

export const {
  ConfigurableModuleClass: ConfigurableResourceServerModule,
  MODULE_OPTIONS_TOKEN: RESOURCE_SERVER_OPTIONS,
  OPTIONS_TYPE: RESOURCE_SERVER_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: RESOURCE_SERVER_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ResourceServerOptions>({ moduleName: 'ResourceServer' })
  .setClassMethodName('forRoot')
  .build();
