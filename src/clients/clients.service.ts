import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { type Repository } from 'typeorm';
import { ScopeCatalog } from '@scopegate/resource-server';
import { isUniqueViolation } from '../database/columns';
import { clientsConfig, type ClientsConfig } from '../config/clients.config';
import type { SigningAlgorithm } from '../config/keys.config';
import { CLIENT_CHANGED, type ClientChanged } from '../core/events';
import { ExpiringCache } from '../core/expiring-cache';
import { PasswordHasher } from '../credentials/password-hasher';
import { isSecretDigest, matchesDigest, secretDigest } from '../credentials/secret-digest';
import type { Page } from '../http/page-query.dto';
import { ChangeNotices } from '../redis/change-notices';
import { ADMIN_SCOPE } from '../scopes/scopes.module';
import { redirectUriProblem } from './redirect-uri';
import { CLIENT_ID_PATTERN, Client, type ClientType, type GrantType } from './client.entity';

export interface NewClient {
  clientId: string;
  name: string;
  type: ClientType;
  grantTypes: GrantType[];
  scopes: string[];
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  consentRequired?: boolean;
  idTokenSignedResponseAlg?: SigningAlgorithm;
  mayIntrospect?: boolean;
  disabled?: boolean;
}

/** Everything but the id and the type may change. */
export type ClientChanges = Partial<Omit<NewClient, 'clientId' | 'type'>>;

/** A client and, for a confidential one just created or rotated, its secret: shown once. */
export interface ClientWithSecret {
  client: Client;
  secret: string | null;
}

/** Clients remembered at once (there are few). */
const MAX_CACHED_CLIENTS = 10_000;

/** The change notice of a client written by another instance. */
const CLIENT_CHANGED_NOTICE = 'client.changed';

/**
 * OAuth2 clients: the built-in public client, the registered ones, their administration and
 * the check of their secrets (a SHA-256 digest compared in constant time, at the same cost for
 * unknown clients; an argon2 hash from before digests is checked once more and replaced).
 */
@Injectable()
export class ClientsService {
  private readonly logger = new Logger(ClientsService.name);
  private readonly cache: ExpiringCache<Client>;
  private readonly builtIn: Client;

  constructor(
    @InjectRepository(Client) private readonly clients: Repository<Client>,
    private readonly hasher: PasswordHasher,
    private readonly catalog: ScopeCatalog,
    private readonly events: EventEmitter2,
    @Inject(clientsConfig.KEY) private readonly config: ClientsConfig,
    private readonly notices: ChangeNotices,
  ) {
    this.cache = new ExpiringCache(config.cacheTtlMs, MAX_CACHED_CLIENTS);
    notices.on(CLIENT_CHANGED_NOTICE, ({ clientId }) => {
      if (typeof clientId === 'string') this.cache.delete(clientId);
    });
    this.builtIn = Object.freeze(
      Object.assign(new Client(), {
        clientId: config.publicClientId,
        name: 'First-party applications (built in)',
        type: 'public',
        secretHash: null,
        grantTypes: ['authorization_code', 'password', 'refresh_token'],
        // admin implies every scope: the first-party client may be granted anything.
        scopes: [ADMIN_SCOPE],
        // Swagger UI's, while the docs are served; first-party tools ask no consent.
        redirectUris: [...config.publicClientRedirectUris],
        postLogoutRedirectUris: [],
        consentRequired: false,
        idTokenSignedResponseAlg: 'RS256',
        mayIntrospect: false,
        disabled: false,
        createdAt: new Date(0),
        updatedAt: new Date(0),
      } satisfies Client),
    );
  }

  /** The built-in public client: the one a request that names no client is made by. */
  get publicClient(): Client {
    return this.builtIn;
  }

  isBuiltIn(clientId: string): boolean {
    return clientId === this.builtIn.clientId;
  }

  /** The client with this id, or null; remembered for a few seconds (treat it as read-only). */
  find(clientId: string): Promise<Client | null> {
    if (this.isBuiltIn(clientId)) return Promise.resolve(this.builtIn);
    if (!CLIENT_ID_PATTERN.test(clientId)) return Promise.resolve(null);
    return this.cache.get(clientId, () => this.clients.findOneBy({ clientId }));
  }

  async get(clientId: string): Promise<Client> {
    const client = await this.find(clientId);
    if (!client) throw new NotFoundException(`No client with id ${clientId}`);
    return client;
  }

  /** Registered clients, oldest first (the built-in client is not stored, so not listed). */
  list(page: Page): Promise<Client[]> {
    return this.clients.find({
      order: { createdAt: 'ASC', clientId: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  /**
   * Is `secret` this client's? An unknown client, a public one and a wrong secret all cost one
   * digest comparison. A secret still stored as an argon2 hash (written before digests) costs
   * an argon2 verification; once it has matched, its digest replaces the hash.
   */
  async verifySecret(client: Client | null, secret: string): Promise<boolean> {
    const stored = client?.secretHash ?? null;
    if (stored === null || isSecretDigest(stored)) return matchesDigest(stored, secret);
    const { valid } = await this.hasher.verify(stored, secret);
    if (valid) await this.replaceLegacyHash(client!.clientId, stored, secret);
    return valid;
  }

  /** Spends the cost of a secret check without making one (a locked client). */
  refuseWithoutChecking(secret: string): Promise<void> {
    matchesDigest(null, secret);
    return Promise.resolve();
  }

  /**
   * Stores the digest of a secret that has just matched its argon2 hash, unless the secret was
   * rotated meanwhile. A failure leaves the hash, which works and is replaced at a later use.
   */
  private async replaceLegacyHash(clientId: string, hash: string, secret: string): Promise<void> {
    try {
      await this.clients.update(
        { clientId, secretHash: hash },
        { secretHash: secretDigest(secret) },
      );
      await this.forget(clientId);
    } catch (error) {
      this.logger.warn(`Secret of client ${clientId} not converted: ${(error as Error).message}`);
    }
  }

  /**
   * Registers a client; a confidential one gets a new random secret, returned once.
   * `knownSecret` is for the demo data only, whose secret is published.
   */
  async create(input: NewClient, knownSecret?: string): Promise<ClientWithSecret> {
    if (this.isBuiltIn(input.clientId)) throw clientIdTaken(input.clientId);
    if (UUID.test(input.clientId)) {
      // A token whose sub is its client_id is the client's own: a user's id (a UUID) must
      // never be mistaken for one.
      throw new BadRequestException('A client id may not be a UUID (user ids are)');
    }
    const redirectUris = [...new Set(input.redirectUris ?? [])];
    const postLogoutRedirectUris = [...new Set(input.postLogoutRedirectUris ?? [])];
    this.assertConsistent(
      input.type,
      input.grantTypes,
      input.scopes,
      redirectUris,
      postLogoutRedirectUris,
    );
    if (await this.clients.existsBy({ clientId: input.clientId })) {
      throw clientIdTaken(input.clientId);
    }
    const secret = input.type === 'confidential' ? (knownSecret ?? newSecret()) : null;
    const client = this.clients.create({
      clientId: input.clientId,
      name: input.name,
      type: input.type,
      secretHash: secret ? secretDigest(secret) : null,
      grantTypes: [...new Set(input.grantTypes)],
      scopes: [...new Set(input.scopes)],
      redirectUris,
      postLogoutRedirectUris,
      consentRequired: input.consentRequired ?? true,
      idTokenSignedResponseAlg: input.idTokenSignedResponseAlg ?? 'RS256',
      mayIntrospect: input.mayIntrospect ?? false,
      disabled: input.disabled ?? false,
    });
    try {
      return { client: await this.clients.save(client), secret };
    } catch (error) {
      if (isUniqueViolation(error)) throw clientIdTaken(input.clientId);
      throw error;
    }
  }

  async update(clientId: string, changes: ClientChanges): Promise<Client> {
    const client = await this.stored(clientId);
    const wasDisabled = client.disabled;
    if (changes.name !== undefined) client.name = changes.name;
    if (changes.grantTypes !== undefined) client.grantTypes = [...new Set(changes.grantTypes)];
    if (changes.scopes !== undefined) client.scopes = [...new Set(changes.scopes)];
    if (changes.redirectUris !== undefined)
      client.redirectUris = [...new Set(changes.redirectUris)];
    if (changes.postLogoutRedirectUris !== undefined) {
      client.postLogoutRedirectUris = [...new Set(changes.postLogoutRedirectUris)];
    }
    if (changes.consentRequired !== undefined) client.consentRequired = changes.consentRequired;
    if (changes.idTokenSignedResponseAlg !== undefined) {
      client.idTokenSignedResponseAlg = changes.idTokenSignedResponseAlg;
    }
    if (changes.mayIntrospect !== undefined) client.mayIntrospect = changes.mayIntrospect;
    if (changes.disabled !== undefined) client.disabled = changes.disabled;
    this.assertConsistent(
      client.type,
      client.grantTypes,
      client.scopes,
      client.redirectUris,
      client.postLogoutRedirectUris,
    );
    try {
      await this.clients.save(client);
    } finally {
      await this.forget(clientId);
    }
    if (client.disabled && !wasDisabled) {
      await this.events.emitAsync(CLIENT_CHANGED, {
        clientId,
        disabled: true,
      } satisfies ClientChanged);
    }
    return client;
  }

  /** A new secret for a confidential client, shown once; the old one stops working at once. */
  async rotateSecret(clientId: string): Promise<ClientWithSecret> {
    const client = await this.stored(clientId);
    if (client.type !== 'confidential') {
      throw new BadRequestException(`Client ${clientId} is public: it has no secret`);
    }
    const secret = newSecret();
    client.secretHash = secretDigest(secret);
    try {
      await this.clients.save(client);
    } finally {
      await this.forget(clientId);
    }
    return { client, secret };
  }

  /** Forgets a client here and tells the other instances to forget it too. */
  private async forget(clientId: string): Promise<void> {
    this.cache.delete(clientId);
    await this.notices.publish(CLIENT_CHANGED_NOTICE, { clientId });
  }

  /** A registered client, read from the database (never the cached, shared row). */
  private async stored(clientId: string): Promise<Client> {
    if (this.isBuiltIn(clientId)) {
      throw new ConflictException(`Client ${clientId} is built in and cannot be changed`);
    }
    const client = CLIENT_ID_PATTERN.test(clientId)
      ? await this.clients.findOneBy({ clientId })
      : null;
    if (!client) throw new NotFoundException(`No client with id ${clientId}`);
    return client;
  }

  private assertConsistent(
    type: ClientType,
    grants: readonly GrantType[],
    scopes: string[],
    redirectUris: readonly string[],
    postLogoutRedirectUris: readonly string[],
  ): void {
    const unknown = scopes.filter((scope) => !this.catalog.has(scope));
    if (unknown.length > 0) {
      throw new BadRequestException(`Unknown scope(s): ${unknown.join(', ')}`);
    }
    if (type === 'public' && grants.includes('client_credentials')) {
      throw new BadRequestException(
        'A public client cannot use client_credentials: it has no secret to authenticate with',
      );
    }
    for (const uri of [...redirectUris, ...postLogoutRedirectUris]) {
      const problem = redirectUriProblem(uri);
      if (problem) throw new BadRequestException(`Redirect URI ${JSON.stringify(uri)} ${problem}`);
    }
    if (grants.includes('authorization_code') && redirectUris.length === 0) {
      throw new BadRequestException(
        'A client that may use authorization_code needs a redirect URI',
      );
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 256 random bits, URL-safe (43 characters). */
function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function clientIdTaken(clientId: string): ConflictException {
  return new ConflictException(`Client id "${clientId}" is already taken`);
}
