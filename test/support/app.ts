import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createApp } from '../../src/app.factory';
import { TEST_ENVIRONMENT } from './environment';
import { accessTokenFor, httpRequest, type HttpResult, type RequestOptions } from './http';
import { freePort } from './server-process';

export { TEST_ADMIN_PASSWORD, TEST_KEY_ENCRYPTION_SECRET } from './environment';
export type { HttpResult, RequestOptions } from './http';

/** A running application on a fresh database (SQLite file, or its own PostgreSQL schema). */
export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly url: string;
  /** Every response status seen so far: the suites assert none is a 5xx. */
  readonly statuses: number[];
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<HttpResult<T>>;
  /** A token for the user with the scopes asked for (throws if the grant fails). */
  token(username: string, password: string, scope?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Boots the real application, as `npm start` does, on an empty database of its own: a
 * temporary SQLite file, or a new schema when DATABASE_URL names PostgreSQL (`npm run test:pg`).
 */
export async function startApp(env: Record<string, string> = {}): Promise<TestApp> {
  const saved = { ...process.env };
  const dataDir = mkdtempSync(join(tmpdir(), 'scopegate-test-'));
  const database = await freshDatabase(dataDir);
  // A port chosen before the start, so that the default ISSUER (http://127.0.0.1:<PORT>) is
  // this application's own URL, as it is for `npm start`.
  const port = await freePort();
  Object.assign(process.env, {
    ...TEST_ENVIRONMENT,
    PORT: String(port),
    DATA_DIR: dataDir,
    ...database.env,
    ...env,
  });
  let app: NestFastifyApplication;
  try {
    app = await createApp();
    await app.listen(port, '127.0.0.1');
  } catch (error) {
    process.env = saved;
    await database.drop();
    throw error;
  }
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const statuses: number[] = [];

  const request = <T>(method: string, path: string, options: RequestOptions = {}) =>
    httpRequest<T>(url, method, path, options, statuses);
  const target = { request };

  return {
    app,
    url,
    statuses,
    request,
    token: (username, password, scope) => accessTokenFor(target, username, password, scope),
    async close() {
      await app.close();
      process.env = saved;
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface FreshDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * An empty database for one suite: a SQLite file in `dataDir`, or, when `url` names PostgreSQL,
 * a new schema there (dropped by `drop`).
 */
export async function freshDatabase(
  dataDir: string,
  url = process.env.DATABASE_URL,
): Promise<FreshDatabase> {
  if (!url?.startsWith('postgres')) {
    return {
      env: { DATABASE_URL: `sqlite:${join(dataDir, 'scopegate.sqlite')}` },
      drop: async () => {},
    };
  }
  const schema = `sg_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  return {
    env: { DATABASE_URL: url, DATABASE_SCHEMA: schema },
    async drop() {
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

/** Asserts that no response seen by the suite was a server error. */
export function expectNoServerErrors(app: TestApp): void {
  expect(app.statuses.filter((status) => status >= 500)).toEqual([]);
}

/**
 * Boots one application for the enclosing `describe` (in its `beforeAll`, on a fresh database)
 * and closes it in its `afterAll`, then checks that no response it gave was a server error.
 * The returned object stands for that application once it has started.
 */
export function useTestApp(env: Record<string, string> = {}): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await startApp(env);
  });
  afterAll(async () => {
    if (!current) return;
    await current.close();
    expectNoServerErrors(current);
  });
  const started = (): TestApp => {
    if (!current) throw new Error('useTestApp(): the application starts in beforeAll');
    return current;
  };
  return {
    get app() {
      return started().app;
    },
    get url() {
      return started().url;
    },
    get statuses() {
      return started().statuses;
    },
    request: (method, path, options) => started().request(method, path, options),
    token: (username, password, scope) => started().token(username, password, scope),
    close: () => started().close(),
  };
}
