import {
  Inject,
  Injectable,
  Logger,
  type CanActivate,
  type ExecutionContext,
  type OnModuleInit,
} from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { BearerRequest } from '../bearer.strategy';
import { BearerError, IssuerUnavailableError } from '../errors';
import type { AccessTokenPrincipal, GuardedRequest } from '../principal';
import { ScopeRequirements } from '../scope-requirements';
import { ScopedRoutes } from '../scoped-routes';
import { IssuerConnection } from './issuer-connection';
import { RESOLVED_OPTIONS } from './resolved-options';
import type { ResolvedOptions } from './resource-server.options';

/** Tokens whose answer is remembered at once; a flood of new tokens only evicts the oldest. */
const MAX_ANSWERS = 10_000;

/**
 * For routes marked `@Introspect()`: after the token's signature and scopes, Scopegate's
 * `POST /introspect` (RFC 7662) says whether it is still active, so a token revoked there is
 * refused here at once. An answer is reused for `cacheSeconds` (never past the token's expiry),
 * and requests asking about the same token together share one call. Scopegate unreachable → 503.
 */
@Injectable()
export class IntrospectionGuard implements CanActivate, OnModuleInit {
  private readonly logger = new Logger('ResourceServer');
  private readonly answers = new LRUCache<string, boolean>({ max: MAX_ANSWERS });
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(
    @Inject(RESOLVED_OPTIONS) private readonly options: ResolvedOptions,
    private readonly requirements: ScopeRequirements,
    private readonly routes: ScopedRoutes,
    private readonly issuer: IssuerConnection,
  ) {}

  /** `@Introspect()` without the `introspection` option cannot work: the service must not start. */
  onModuleInit(): void {
    if (this.options.introspection) return;
    const route = this.routes.list().find(({ requirement }) => requirement.introspect);
    if (route) {
      throw new Error(
        `${route.controller}.${route.handler} is @Introspect() but ResourceServerModule has no introspection option (a client of Scopegate allowed to introspect)`,
      );
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, introspect } = this.requirements.of(context.getClass(), context.getHandler());
    if (isPublic || !introspect) return true;
    const request = context
      .switchToHttp()
      .getRequest<GuardedRequest<AccessTokenPrincipal> & BearerRequest>();
    const token = request.bearerToken!;
    const expiresAt = Number(request.principal?.claims.exp) * 1000;
    if (!(await this.isActive(token, expiresAt))) {
      throw BearerError.invalidToken('The access token is no longer active');
    }
    return true;
  }

  private async isActive(token: string, expiresAt: number): Promise<boolean> {
    const known = this.answers.get(token);
    if (known !== undefined) return known;
    let asking = this.asking.get(token);
    if (!asking) {
      asking = this.ask(token).finally(() => this.asking.delete(token));
      this.asking.set(token, asking);
    }
    const active = await asking;
    const ttl = Math.min(this.options.introspection!.cacheSeconds * 1000, expiresAt - Date.now());
    if (ttl > 0) this.answers.set(token, active, { ttl });
    return active;
  }

  private async ask(token: string): Promise<boolean> {
    const { metadata } = await this.issuer.connection();
    const { clientId, clientSecret } = this.options.introspection!;
    const unavailable = () =>
      new IssuerUnavailableError(
        'The issuer cannot say whether the access token is active',
        this.options.refetchCooldown,
      );
    if (!metadata.introspectionEndpoint) throw unavailable();
    // RFC 6749 §2.3.1: each part form-encoded, then joined and base64-encoded.
    const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
    try {
      const response = await fetch(metadata.introspectionEndpoint, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.fetchTimeout * 1000),
      });
      if (response.status !== 200) {
        this.logger.warn(`Scopegate's introspection answered ${response.status}`);
        throw unavailable();
      }
      const answer = (await response.json()) as { active?: unknown };
      return answer.active === true;
    } catch (error) {
      if (error instanceof IssuerUnavailableError) throw error;
      this.logger.warn(
        `Scopegate's introspection is unreachable: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw unavailable();
    }
  }
}
