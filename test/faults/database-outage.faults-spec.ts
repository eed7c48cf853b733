import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ServerProcess, sleep } from '../support/server-process';
import { TcpProxy } from '../support/tcp-proxy';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The database goes away under a running server. PostgreSQL is shared,
 * so the outage is a TCP proxy between the server and it, cut and then restored.
 */
describe('PostgreSQL outage', () => {
  const schema = `sg_faults_${process.pid}_${randomBytes(4).toString('hex')}`;
  const proxy = new TcpProxy(5432);
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    const admin = new Client({ connectionString: POSTGRES });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.end();
    await proxy.open();
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await proxy.cut();
    const admin = new Client({ connectionString: POSTGRES });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('answers 503 while the database is unreachable, and recovers when it returns', async () => {
    server = await ServerProcess.start({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${proxy.port}/test`,
      DATABASE_SCHEMA: schema,
      // Without the user cache every API call touches the database (with it, a caller checked
      // in the last USER_CACHE_TTL_MS is still served by routes that need no query).
      USER_CACHE_TTL_MS: '0',
    });
    const token = await server.token('johndoe', 'secret', 'me items items:write');
    expect((await server.request('GET', '/health/ready')).status).toBe(200);
    expect((await server.request('GET', '/users/me', { token })).status).toBe(200);

    await proxy.cut();

    const started = Date.now();
    const ready = await server.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });

    for (const [method, path, options] of [
      ['GET', '/users/me', { token }],
      ['GET', '/users/me/items', { token }],
      ['POST', '/items', { token, json: { title: 'during the outage' } }],
      [
        'POST',
        '/token',
        { form: { grant_type: 'password', username: 'johndoe', password: 'secret' } },
      ],
    ] as const) {
      const result = await server.request(method, path, options);
      expect({ path, status: result.status }).toEqual({ path, status: 503 });
      expect(result.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The database is unavailable; retry later',
      });
      expect(result.headers.get('retry-after')).toBe('5');
    }
    // Refused quickly: no request hung on the dead database.
    expect(Date.now() - started).toBeLessThan(10_000);
    // The process itself is fine.
    expect((await server.request('GET', '/health/live')).status).toBe(200);
    expect(server.child.exitCode).toBeNull();

    await proxy.open();

    const deadline = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await server.request('GET', '/health/ready')).status;
      if (status === 200) break;
      await sleep(250);
    }
    expect(status).toBe(200);
    expect((await server.request('GET', '/users/me', { token })).status).toBe(200);
    const created = await server.request('POST', '/items', {
      token,
      json: { title: 'after the outage' },
    });
    expect(created.status).toBe(201);
    expect(await server.token('johndoe', 'secret')).toEqual(expect.any(String));

    // The only 5xx of the whole run are the expected 503s.
    expect(server.statuses.filter((code) => code >= 500 && code !== 503)).toEqual([]);
  });

  it('refuses to start, with a message, when the database is not there at all', async () => {
    const dead = new TcpProxy(5432);
    await dead.open();
    const port = dead.port;
    await dead.cut();
    await expect(
      ServerProcess.start({
        DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/test`,
        DATABASE_SCHEMA: schema,
      }),
    ).rejects.toThrow(/exited with 1[\s\S]*ECONNREFUSED/);
  });
});
