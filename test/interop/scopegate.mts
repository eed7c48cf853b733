/**
 * One running Scopegate for an interoperability suite: the built server (`dist/main.js`) on a
 * SQLite file of its own, with its demo data, and the clients the suites authenticate as.
 */
import * as argon2 from 'argon2';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { TEST_ADMIN_PASSWORD } from '../support/environment.js';
import { ServerProcess } from '../support/server-process.js';

/** A confidential client's credentials. */
export interface ClientCredentials {
  readonly clientId: string;
  readonly secret: string;
}

export interface RunningScopegate {
  /** The issuer identifier: the URL the libraries are given, and every token's `iss`. */
  readonly issuer: URL;
  /** The audience of every access token (`JWT_AUDIENCE`). */
  readonly audience: string;
  /**
   * A confidential client with `client_credentials` and `items:read` that may introspect, whose
   * secret holds `+ / : %` and a space, so that Basic's form-encoding (RFC 6749 §2.3.1) matters.
   */
  readonly service: ClientCredentials;
  /** The demo user who may hold `me items items:read items:write`. */
  readonly user: { readonly username: string; readonly password: string };
  stop(): Promise<void>;
}

/**
 * A secret with every character that HTTP Basic's form-encoding changes. Scopegate generates
 * secrets from base64url's alphabet, which that encoding leaves alone; this one is set in the
 * database, where an operator's imported secret would be.
 */
const AWKWARD_SECRET = 'interop+secret/with:colons%25and 100%';

export async function startScopegate(): Promise<RunningScopegate> {
  const dir = mkdtempSync(join(tmpdir(), 'scopegate-interop-'));
  const database = join(dir, 'scopegate.sqlite');
  const server = await ServerProcess.start({
    DATA_DIR: dir,
    DATABASE_URL: `sqlite:${database}`,
  });
  try {
    const issuer = new URL(server.url);
    const admin = await server.token('admin', TEST_ADMIN_PASSWORD, 'clients:write');
    const created = await server.request('POST', '/clients', {
      token: admin,
      json: {
        clientId: 'interop-service',
        name: 'Interoperability suite',
        type: 'confidential',
        grantTypes: ['client_credentials'],
        scopes: ['items:read'],
        mayIntrospect: true,
      },
    });
    if (created.status !== 201) throw new Error(`client not created: ${created.text}`);
    // Not used yet, so not cached yet: the first authentication reads this row.
    const db = new DataSource({ type: 'better-sqlite3', database });
    await db.initialize();
    try {
      await db.query('UPDATE clients SET secret_hash = ? WHERE client_id = ?', [
        await argon2.hash(AWKWARD_SECRET, { type: argon2.argon2id }),
        'interop-service',
      ]);
    } finally {
      await db.destroy();
    }
    return {
      issuer,
      audience: 'scopegate-api',
      service: { clientId: 'interop-service', secret: AWKWARD_SECRET },
      user: { username: 'johndoe', password: 'secret' },
      async stop() {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Whole seconds, as RFC 7519's NumericDate and every client library expect. */
export function isNumericDate(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
