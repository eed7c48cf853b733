import { runEvery } from '../core/run-every';
import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import type { Repository } from 'typeorm';
import {
  keysConfig,
  SIGNING_ALGORITHMS,
  type KeysConfig,
  type SigningAlgorithm,
} from '../config/keys.config';
import { tokensConfig, type TokensConfig } from '../config/tokens.config';
import { loadEncryptionSecret } from './encryption-secret';
import { KeyEncryption } from './key-encryption';
import { SigningKeyRecord } from './signing-key.entity';
import { ChangeNotices } from '../redis/change-notices';

/** The change notice of a rotation. */
const KEYS_ROTATED = 'keys.rotated';

/** Where a key is in its life (docs/security.md, signing keys: published ahead, signing, retiring, retired). */
export type KeyState = 'published' | 'signing' | 'retiring' | 'retired';

/** A public key as the JWKS publishes it. */
export interface PublishedJwk extends JsonWebKey {
  kid: string;
  alg: SigningAlgorithm;
  use: 'sig';
}

/** A key that verifies tokens: its `kid`, the one algorithm it may be used with, the key. */
export interface VerificationKey {
  readonly kid: string;
  readonly algorithm: SigningAlgorithm;
  readonly publicKey: KeyObject;
}

/** The key that signs new tokens now. */
export interface ActiveSigningKey {
  readonly kid: string;
  readonly algorithm: SigningAlgorithm;
  readonly privateKey: KeyObject;
}

/** A key as an operator sees it. */
export interface KeySummary {
  readonly kid: string;
  readonly algorithm: SigningAlgorithm;
  readonly state: KeyState;
  readonly createdAt: Date;
  readonly activatesAt: Date;
  readonly retiresAt: Date | null;
}

interface LoadedKey extends VerificationKey {
  readonly jwk: PublishedJwk;
  readonly record: SigningKeyRecord;
  readonly activatesAt: number;
  readonly retiresAt: number | null;
}

/**
 * The signing keys, read from the database into memory: which key signs now, which keys
 * verify (by `kid`), and the JWKS. Every instance re-reads the table every
 * `KEY_REFRESH_INTERVAL` seconds, so a rotation made anywhere reaches it within that time;
 * between reads, a key's activation and retirement happen on time from what was read.
 *
 * On an empty table the first key is created and signs at once. A rotation publishes a new key
 * that signs only after `KEY_PUBLISH_AHEAD` (so every verifier's cached JWKS has it first),
 * and retires the older ones once the last token they signed has expired.
 */
@Injectable()
export class KeyStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(KeyStore.name);
  private readonly encryption: KeyEncryption;
  private readonly retireListeners = new Set<(kid: string) => void>();
  private keys: LoadedKey[] = [];
  private published = new Map<string, LoadedKey>();
  /** Per algorithm, the key that signs now (every algorithm has one). */
  private signing = new Map<SigningAlgorithm, ActiveSigningKey>();
  private jwksBody = '{"keys":[]}';
  /** When the next key activates or retires, in ms since the epoch. */
  private nextChangeAt = Infinity;
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectRepository(SigningKeyRecord) private readonly records: Repository<SigningKeyRecord>,
    @Inject(keysConfig.KEY) private readonly config: KeysConfig,
    @Inject(tokensConfig.KEY) private readonly tokens: TokensConfig,
    private readonly notices: ChangeNotices,
  ) {
    this.encryption = new KeyEncryption(loadEncryptionSecret(config));
    // Another instance rotated: read the keys now rather than at the next refresh.
    notices.on(KEYS_ROTATED, () => {
      this.refresh().catch((error: unknown) =>
        this.logger.warn(`Signing keys not refreshed: ${(error as Error).message}`),
      );
    });
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    const missing = SIGNING_ALGORITHMS.filter((algorithm) => !this.signing.has(algorithm));
    if (missing.length > 0) {
      for (const algorithm of missing) await this.create(algorithm, new Date());
      await this.refresh();
    }
    this.timer = runEvery(
      this.refreshIntervalMs(),
      () => this.refresh(),
      this.logger,
      'Signing keys not refreshed',
    );
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** `KEY_REFRESH_INTERVAL`, or the catch-up interval of several instances if shorter. */
  private refreshIntervalMs(): number {
    const configured = this.config.refreshSeconds * 1000;
    return Math.min(configured, this.notices.catchUpIntervalMs ?? configured);
  }

  /**
   * The key that signs new tokens now with `algorithm`: by default `JWT_ALGORITHM`, the access
   * tokens'; ID tokens ask for RS256 (OIDC's) or a client's ES256.
   */
  current(algorithm: SigningAlgorithm = this.config.algorithm): ActiveSigningKey {
    this.updateIfDue();
    const key = this.signing.get(algorithm);
    if (!key) throw new Error(`No ${algorithm} signing key is active`);
    return key;
  }

  /** The published key named `kid`, or undefined for an unknown or retired one. */
  verificationKey(kid: string): VerificationKey | undefined {
    this.updateIfDue();
    return this.published.get(kid);
  }

  /** The JWKS document (RFC 7517): every published public key, as a JSON string. */
  jwks(): string {
    this.updateIfDue();
    return this.jwksBody;
  }

  /** Called with a key's `kid` when it is retired, on every instance that sees it go. */
  onRetire(listener: (kid: string) => void): void {
    this.retireListeners.add(listener);
  }

  /** Every key not yet retired, and those retired, oldest first. */
  async list(): Promise<KeySummary[]> {
    const records = await this.records.find({ order: { activatesAt: 'ASC', algorithm: 'ASC' } });
    const now = Date.now();
    const loaded = records.map((record) => this.load(record));
    const signingKids = signingKidsOf(loaded, now);
    return loaded.map((key) => ({
      kid: key.kid,
      algorithm: key.algorithm,
      state: stateOf(key, now, signingKids.get(key.algorithm)),
      createdAt: key.record.createdAt,
      activatesAt: key.record.activatesAt,
      retiresAt: key.record.retiresAt,
    }));
  }

  /**
   * Publishes a new key per algorithm that signs after `KEY_PUBLISH_AHEAD`; every older key
   * retires once the tokens it may still sign until then have expired. Returns the new keys.
   */
  async rotate(): Promise<KeySummary[]> {
    const activatesAt = new Date(Date.now() + this.config.publishAheadSeconds * 1000);
    const lastTokenExpiry = new Date(
      activatesAt.getTime() +
        (Math.max(this.tokens.accessTokenTtlSeconds, this.tokens.idTokenTtlSeconds) +
          this.tokens.clockToleranceSeconds) *
          1000,
    );
    const created = await this.records.manager.transaction(async (manager) => {
      const repository = manager.getRepository(SigningKeyRecord);
      for (const record of await repository.find()) {
        if (record.retiresAt === null || record.retiresAt > lastTokenExpiry) {
          await repository.update({ kid: record.kid }, { retiresAt: lastTokenExpiry });
        }
      }
      const keys: SigningKeyRecord[] = [];
      for (const algorithm of SIGNING_ALGORITHMS) {
        keys.push(await this.create(algorithm, activatesAt, repository));
      }
      return keys;
    });
    await this.refresh();
    await this.notices.publish(KEYS_ROTATED, { kid: created.map((key) => key.kid).join(' ') });
    const kids = new Set(created.map((key) => key.kid));
    return (await this.list()).filter((key) => kids.has(key.kid));
  }

  /** Re-reads the keys from the database. */
  async refresh(): Promise<void> {
    const now = Date.now();
    const records = await this.records.find({ order: { activatesAt: 'ASC', algorithm: 'ASC' } });
    const known = new Map(this.keys.map((key) => [key.kid, key]));
    this.keys = records
      .filter((record) => record.retiresAt === null || record.retiresAt.getTime() > now)
      .map((record) => {
        // Parsing a key is not free: keep the one already loaded unless its row changed.
        const loaded = known.get(record.kid);
        const unchanged = loaded && loaded.retiresAt === (record.retiresAt?.getTime() ?? null);
        return unchanged ? loaded : this.load(record);
      });
    this.update(now);
  }

  private updateIfDue(): void {
    const now = Date.now();
    if (now >= this.nextChangeAt) this.update(now);
  }

  /** Recomputes which keys are published and which one signs, as of `now`. */
  private update(now: number): void {
    const before = this.published;
    const published = new Map<string, LoadedKey>();
    let nextChangeAt = Infinity;
    for (const key of this.keys) {
      if (key.retiresAt !== null && key.retiresAt <= now) continue;
      published.set(key.kid, key);
      if (key.activatesAt > now) nextChangeAt = Math.min(nextChangeAt, key.activatesAt);
      if (key.retiresAt !== null) nextChangeAt = Math.min(nextChangeAt, key.retiresAt);
    }
    this.published = published;
    this.nextChangeAt = nextChangeAt;
    const signingKids = signingKidsOf([...published.values()], now);
    const signing = new Map<SigningAlgorithm, ActiveSigningKey>();
    for (const [algorithm, kid] of signingKids) {
      // Decrypting a private key is not free: keep the one already in use.
      const current = this.signing.get(algorithm);
      signing.set(algorithm, current?.kid === kid ? current : this.decrypt(published.get(kid)!));
    }
    this.signing = signing;
    this.jwksBody = JSON.stringify({ keys: [...published.values()].map((key) => key.jwk) });
    for (const kid of before.keys()) {
      if (!published.has(kid)) for (const listener of this.retireListeners) listener(kid);
    }
  }

  private async create(
    algorithm: SigningAlgorithm,
    activatesAt: Date,
    repository: Repository<SigningKeyRecord> = this.records,
  ): Promise<SigningKeyRecord> {
    const { publicKey, privateKey } =
      algorithm === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const record = repository.create({
      kid: thumbprint(jwk),
      algorithm,
      publicJwk: JSON.stringify(jwk),
      privateKey: this.encryption.encrypt(
        privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      ),
      activatesAt,
      retiresAt: null,
    });
    const saved = await repository.save(record);
    this.logger.log(
      `Signing key ${saved.kid} (${algorithm}) signs from ${activatesAt.toISOString()}`,
    );
    return saved;
  }

  private load(record: SigningKeyRecord): LoadedKey {
    const algorithm = record.algorithm as SigningAlgorithm;
    const jwk = JSON.parse(record.publicJwk) as JsonWebKey;
    return {
      kid: record.kid,
      algorithm,
      publicKey: createPublicKey({ key: jwk, format: 'jwk' }),
      jwk: { ...jwk, kid: record.kid, alg: algorithm, use: 'sig' },
      record,
      activatesAt: record.activatesAt.getTime(),
      retiresAt: record.retiresAt?.getTime() ?? null,
    };
  }

  private decrypt(key: LoadedKey): ActiveSigningKey {
    return {
      kid: key.kid,
      algorithm: key.algorithm,
      privateKey: createPrivateKey(this.encryption.decrypt(key.record.privateKey)),
    };
  }
}

/** Per algorithm, the newest key that has activated and is not retired: it signs. */
function signingKidsOf(keys: readonly LoadedKey[], now: number): Map<SigningAlgorithm, string> {
  const newest = new Map<SigningAlgorithm, LoadedKey>();
  for (const key of keys) {
    if (key.activatesAt > now || (key.retiresAt !== null && key.retiresAt <= now)) continue;
    const found = newest.get(key.algorithm);
    if (!found || key.activatesAt >= found.activatesAt) newest.set(key.algorithm, key);
  }
  return new Map([...newest].map(([algorithm, key]) => [algorithm, key.kid]));
}

function stateOf(key: LoadedKey, now: number, signingKid: string | undefined): KeyState {
  if (key.retiresAt !== null && key.retiresAt <= now) return 'retired';
  if (key.activatesAt > now) return 'published';
  return key.kid === signingKid ? 'signing' : 'retiring';
}

/** RFC 7638: the SHA-256 of the key's required members, in lexicographic order. */
function thumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'EC'
      ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
      : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}
