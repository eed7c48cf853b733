import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import {
  ASYMMETRIC_ALGORITHMS,
  type KeySource,
  type VerificationKey,
} from '../access-token-verifier';
import { IssuerUnavailableError } from '../errors';
import { ScopeCatalog, ScopeCatalogError } from '../scope-catalog';
import type { ScopeDefinition } from '../scope-definition';
import { ScopedRoutes } from '../scoped-routes';
import { VerifiedTokenCache } from '../verified-token-cache';
import { RESOLVED_OPTIONS } from './resolved-options';
import type { ResolvedOptions } from './resource-server.options';

/** What the service needs of the issuer's metadata (RFC 8414). */
export interface IssuerMetadata {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly scopeCatalogUri: string;
  readonly authorizationEndpoint?: string;
  readonly tokenEndpoint?: string;
  readonly introspectionEndpoint?: string;
}

/** One scope as the issuer's catalog publishes it. */
interface PublishedScope {
  name: string;
  description: string;
  implies?: string[];
  implies_all?: boolean;
}

const ALGORITHMS: ReadonlySet<string> = new Set(ASYMMETRIC_ALGORITHMS);

/**
 * The service's view of Scopegate: its metadata and scope catalog (read at start-up, and
 * again until they have been read once) and its JWKS (fetched on the first token, kept for
 * `keysMaxAge`). Every fetch is single-flight: ten requests arriving together cause one.
 * An unknown `kid` causes one refetch, at most once per `refetchCooldown`; while a refetch
 * fails, the keys held are kept; with no key at all the request gets a 503 with `Retry-After`.
 */
@Injectable()
export class IssuerConnection implements KeySource, OnApplicationBootstrap {
  private readonly logger = new Logger('ResourceServer');
  private connected?: { metadata: IssuerMetadata; catalog: ScopeCatalog };
  private connecting?: Promise<void>;
  private lastConnectAttempt = -Infinity;

  private keys = new Map<string, VerificationKey>();
  private keysFetchedAt = -Infinity;
  private lastKeysAttempt = -Infinity;
  private fetchingKeys?: Promise<void>;

  constructor(
    @Inject(RESOLVED_OPTIONS) private readonly options: ResolvedOptions,
    private readonly routes: ScopedRoutes,
    private readonly verified: VerifiedTokenCache,
  ) {}

  /**
   * Reads the metadata and the catalog, and refuses to start when a route requires a scope
   * the catalog lacks. An issuer that cannot be reached does not stop the start: requests
   * get a 503 until it answers.
   */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.connect();
    } catch (error) {
      if (error instanceof ScopeCatalogError) throw error;
      this.logger.warn(
        `Scopegate (${this.options.discoveryUrl}) is unreachable at start-up; protected routes answer 503 until it is: ${describe(error)}`,
      );
    }
  }

  /** The issuer's metadata and catalog, once read. */
  async connection(): Promise<{ metadata: IssuerMetadata; catalog: ScopeCatalog }> {
    if (this.connected) return this.connected;
    if (!this.connecting) {
      const wait = this.cooldownLeft(this.lastConnectAttempt);
      if (wait > 0) {
        throw new IssuerUnavailableError('The issuer of the access tokens is unreachable', wait);
      }
      // One attempt for every request waiting on it, and one log line for it.
      this.connecting = this.connect()
        .catch((error: unknown) => {
          if (error instanceof ScopeCatalogError) this.logger.error(error.message);
          else this.logger.warn(`Scopegate is unreachable: ${describe(error)}`);
          throw error;
        })
        .finally(() => (this.connecting = undefined));
    }
    try {
      await this.connecting;
    } catch {
      throw new IssuerUnavailableError(
        'The issuer of the access tokens is unreachable',
        this.options.refetchCooldown,
      );
    }
    return this.connected!;
  }

  /** The `iss` the tokens carry. */
  get issuer(): string {
    return this.options.issuer;
  }

  /** The catalog, when connected (every verified token comes after a connection). */
  get catalog(): ScopeCatalog | undefined {
    return this.connected?.catalog;
  }

  async verificationKey(kid: string): Promise<VerificationKey | undefined> {
    await this.connection();
    // A fetch under way answers for everyone who arrives meanwhile.
    if (this.fetchingKeys) await this.fetchingKeys;
    const stale = Date.now() - this.keysFetchedAt >= this.options.keysMaxAge * 1000;
    if (stale && this.cooldownLeft(this.lastKeysAttempt) <= 0) await this.refreshKeys();
    const key = this.keys.get(kid);
    if (key) return key;
    if (this.keys.size === 0) {
      throw new IssuerUnavailableError(
        "The issuer's signing keys cannot be fetched",
        this.cooldownLeft(this.lastKeysAttempt),
      );
    }
    // An unknown kid: perhaps a key the issuer has just rotated in. One refetch per cooldown.
    if (this.cooldownLeft(this.lastKeysAttempt) <= 0) {
      await this.refreshKeys();
      return this.keys.get(kid);
    }
    return undefined;
  }

  private async connect(): Promise<void> {
    this.lastConnectAttempt = Date.now();
    const metadata = metadataOf(
      await this.fetchJson(this.options.discoveryUrl),
      this.options.issuer,
    );
    const catalog = catalogOf(
      await this.fetchJson(metadata.scopeCatalogUri),
      metadata.scopeCatalogUri,
    );
    this.routes.assertDeclaredIn(
      catalog,
      `Scopegate's catalog (${metadata.scopeCatalogUri}) does not declare; declare it in Scopegate (ScopesModule.forFeature) first`,
    );
    this.connected = { metadata, catalog };
  }

  /** Fetches the JWKS once for everyone waiting; a failure keeps the keys held. */
  private async refreshKeys(): Promise<void> {
    this.fetchingKeys ??= (async () => {
      this.lastKeysAttempt = Date.now();
      try {
        const keys = keysOf(await this.fetchJson(this.connected!.metadata.jwksUri));
        for (const kid of this.keys.keys()) if (!keys.has(kid)) this.verified.forgetKey(kid);
        this.keys = keys;
        this.keysFetchedAt = Date.now();
      } catch (error) {
        this.logger.warn(
          `Scopegate's JWKS could not be fetched; ${this.keys.size} key(s) held are kept: ${describe(error)}`,
        );
      }
    })().finally(() => (this.fetchingKeys = undefined));
    await this.fetchingKeys;
  }

  /** Seconds left before another attempt after one made at `attemptAt`. */
  private cooldownLeft(attemptAt: number): number {
    return (attemptAt + this.options.refetchCooldown * 1000 - Date.now()) / 1000;
  }

  private async fetchJson(url: string): Promise<unknown> {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(this.options.fetchTimeout * 1000),
    });
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    return response.json();
  }
}

function metadataOf(document: unknown, issuer: string): IssuerMetadata {
  const metadata = (document ?? {}) as Record<string, unknown>;
  // RFC 8414 §3.3: the metadata's issuer must be the one expected, exactly.
  if (metadata.issuer !== issuer) {
    throw new Error(
      `the metadata names issuer ${JSON.stringify(metadata.issuer)}, not ${JSON.stringify(issuer)}`,
    );
  }
  for (const member of ['jwks_uri', 'scope_catalog_uri']) {
    if (typeof metadata[member] !== 'string') throw new Error(`the metadata has no ${member}`);
  }
  return {
    issuer,
    jwksUri: metadata.jwks_uri as string,
    scopeCatalogUri: metadata.scope_catalog_uri as string,
    authorizationEndpoint: optionalString(metadata.authorization_endpoint),
    tokenEndpoint: optionalString(metadata.token_endpoint),
    introspectionEndpoint: optionalString(metadata.introspection_endpoint),
  };
}

function catalogOf(document: unknown, uri: string): ScopeCatalog {
  const scopes = (document as { scopes?: unknown } | null)?.scopes;
  if (!Array.isArray(scopes)) throw new Error(`${uri} lists no scopes`);
  const definitions = (scopes as PublishedScope[]).map((scope): ScopeDefinition => ({
    name: String(scope.name),
    description: String(scope.description ?? ''),
    implies: Array.isArray(scope.implies) ? scope.implies.map(String) : undefined,
    impliesAll: scope.implies_all === true,
  }));
  // A malformed catalog is the issuer's problem, retried like an outage.
  try {
    return ScopeCatalog.fromDeclarations([{ owner: uri, scopes: definitions }]);
  } catch (error) {
    throw new Error(`${uri} is not a valid catalog: ${describe(error)}`);
  }
}

/** The signing keys of a JWKS: each with a `kid` and one asymmetric `alg`; others are ignored. */
function keysOf(document: unknown): Map<string, VerificationKey> {
  const jwks = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(jwks)) throw new Error('the JWKS has no keys array');
  const keys = new Map<string, VerificationKey>();
  for (const jwk of jwks as Record<string, unknown>[]) {
    const { kid, alg, use, kty } = jwk;
    if (typeof kid !== 'string' || typeof alg !== 'string' || !ALGORITHMS.has(alg)) continue;
    if (use !== undefined && use !== 'sig') continue;
    if ((alg.startsWith('ES') ? 'EC' : 'RSA') !== kty) continue;
    try {
      const publicKey = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
      if (publicKey.type !== 'public') continue;
      keys.set(kid, { kid, algorithm: alg, publicKey });
    } catch {
      // A key node cannot read is not one we can verify with.
    }
  }
  return keys;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
