import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { TEST_ADMIN_PASSWORD } from '../support/environment';
import { ServerProcess, sleep } from '../support/server-process';

/**
 * `kill -9` in the middle of writes loses nothing that was
 * acknowledged, leaves a consistent SQLite file (WAL), and tokens outlive the restart.
 */
describe('crash and restart on SQLite', () => {
  let dir: string;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scopegate-faults-'));
    env = {
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'scopegate.sqlite')}`,
      // Each restart takes another port; the service's URL (its issuer) stays the same.
      ISSUER: 'https://auth.example.test',
    };
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const ackedUsers = new Map<string, string>();
  const ackedItems = new Map<string, string>();
  let johnToken: string;

  /** Writes as fast as it can with `concurrency` clients until told to stop. */
  async function writeUntilKilled(target: ServerProcess, round: number): Promise<number> {
    const admin = await target.token('admin', TEST_ADMIN_PASSWORD, 'admin');
    const writer = await target.token('johndoe', 'secret', 'items:write');
    let stopped = false;
    let sequence = 0;
    let failures = 0;
    const client = async (worker: number) => {
      while (!stopped) {
        const n = sequence++;
        try {
          if (n % 4 === 0) {
            const username = `crash-${round}-${worker}-${n}`;
            const result = await target.request('POST', '/users', {
              token: admin,
              json: { username, password: 'long-enough-password', scopes: ['me'] },
            });
            if (result.status === 201) ackedUsers.set(result.body.id, username);
          } else {
            const title = `item ${round}-${worker}-${n}`;
            const result = await target.request('POST', '/items', {
              token: writer,
              json: { title },
            });
            if (result.status === 201) ackedItems.set(result.body.id, title);
          }
        } catch {
          failures++; // the connection died with the process: not acknowledged
          return;
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, worker) => client(worker));
    // Let writes pile up, then pull the plug while they are in flight.
    await sleep(1500);
    const exit = await target.stop('SIGKILL');
    stopped = true;
    await Promise.all(clients);
    expect(exit.signal).toBe('SIGKILL');
    return failures;
  }

  it('keeps every acknowledged user and item across two kill -9', async () => {
    server = await ServerProcess.start(env);
    johnToken = await server.token('johndoe', 'secret', 'me items');
    for (let round = 0; round < 2; round++) {
      const before = ackedItems.size + ackedUsers.size;
      await writeUntilKilled(server, round);
      expect(ackedItems.size + ackedUsers.size).toBeGreaterThan(before + 10);
      server = await ServerProcess.start(env);
    }

    const admin = await server.token('admin', TEST_ADMIN_PASSWORD, 'admin');
    for (const [id, username] of ackedUsers) {
      const result = await server.request('GET', `/users/${id}`, { token: admin });
      expect({ id, status: result.status, username: result.body?.username }).toEqual({
        id,
        status: 200,
        username,
      });
    }
    for (const [id, title] of ackedItems) {
      const result = await server.request('GET', `/items/${id}`, { token: admin });
      expect({ id, status: result.status, title: result.body?.title }).toEqual({
        id,
        status: 200,
        title,
      });
    }
    expect(server.statuses.filter((status) => status >= 500)).toEqual([]);
  });

  it('leaves a consistent database file (PRAGMA integrity_check, foreign keys)', async () => {
    await server!.stop('SIGKILL');
    server = undefined;
    const db = new DataSource({ type: 'better-sqlite3', database: join(dir, 'scopegate.sqlite') });
    await db.initialize();
    try {
      expect(await db.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(await db.query('PRAGMA foreign_key_check')).toEqual([]);
      expect(await db.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      const [{ n }] = await db.query('SELECT count(*) AS n FROM users');
      expect(n).toBeGreaterThanOrEqual(ackedUsers.size + 3);
    } finally {
      await db.destroy();
    }
  });

  it('accepts tokens issued before the restart (same secret), and disabling a user revokes them at once', async () => {
    server = await ServerProcess.start(env);
    // johnToken was issued two crashes ago.
    expect((await server.request('GET', '/users/me', { token: johnToken })).status).toBe(200);

    const admin = await server.token('admin', TEST_ADMIN_PASSWORD, 'admin');
    const john = await server.request('GET', '/users/me', { token: johnToken });
    const disabled = await server.request('PATCH', `/users/${john.body.id}`, {
      token: admin,
      json: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    const refused = await server.request('GET', '/users/me', { token: johnToken });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_token');

    // And it stays revoked across a restart.
    await server.stop('SIGTERM');
    server = await ServerProcess.start(env);
    expect((await server.request('GET', '/users/me', { token: johnToken })).status).toBe(401);
    expect(server.statuses.filter((status) => status >= 500)).toEqual([]);
  });
});
