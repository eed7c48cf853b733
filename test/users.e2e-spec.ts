import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { TEST_ADMIN_PASSWORD, startApp, useTestApp } from './support/app';

describe('/users administration (users:read, users:write)', () => {
  const app = useTestApp();
  let writer: string;

  beforeAll(async () => {
    writer = await app.token('admin', TEST_ADMIN_PASSWORD, 'users:write');
  });

  it('creates a user who can then log in with the scopes they were given', async () => {
    const created = await app.request('POST', '/users', {
      token: writer,
      json: {
        username: 'erin',
        password: 'erin-password',
        email: 'erin@example.com',
        fullName: 'Erin',
        scopes: ['me', 'items:write'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'erin',
      scopes: ['me', 'items:write'],
      disabled: false,
    });
    expect(created.body).not.toHaveProperty('passwordHash');

    const token = await app.request('POST', '/token', {
      form: {
        grant_type: 'password',
        username: 'erin',
        password: 'erin-password',
        scope: 'me items:read users:read',
      },
    });
    expect(token.body.scope).toBe('me items:read');
  });

  it('lets users:write read users too (implication), and refuses johndoe', async () => {
    const list = await app.request('GET', '/users', { token: writer });
    expect(list.status).toBe(200);
    expect(list.body.map((user: { username: string }) => user.username)).toEqual(
      expect.arrayContaining(['admin', 'johndoe', 'alice']),
    );
    const johndoe = await app.token('johndoe', 'secret', 'me');
    expect((await app.request('GET', '/users', { token: johndoe })).status).toBe(403);
  });

  it('answers 409 to a username that differs only by case', async () => {
    const result = await app.request('POST', '/users', {
      token: writer,
      json: { username: 'JOHNDOE', password: 'another-password' },
    });
    expect(result.status).toBe(409);
    expect(result.body.message).toBe('Username "JOHNDOE" is already taken');
  });

  it('answers 400 to scopes outside the catalog', async () => {
    const result = await app.request('POST', '/users', {
      token: writer,
      json: { username: 'frank', password: 'frank-password', scopes: ['me', 'root'] },
    });
    expect(result.status).toBe(400);
    expect(result.body.message).toBe('Unknown scope(s): root');
  });

  it.each([
    [
      'a short password',
      { username: 'gina', password: 'short' },
      'password must be longer than or equal to 8',
    ],
    [
      'a username with spaces',
      { username: 'gina g', password: 'gina-password' },
      'username must be',
    ],
    [
      'an unknown field',
      { username: 'gina', password: 'gina-password', role: 'root' },
      'property role should not exist',
    ],
    [
      'a bad email',
      { username: 'gina', password: 'gina-password', email: 'nope' },
      'email must be an email',
    ],
  ])('answers 400 naming the problem for %s', async (_, json, message) => {
    const result = await app.request('POST', '/users', { token: writer, json });
    expect(result.status).toBe(400);
    expect(result.body.message.join(' ')).toContain(message);
  });

  it('disables and re-enables an account: login follows', async () => {
    const created = await app.request('POST', '/users', {
      token: writer,
      json: { username: 'hank', password: 'hank-password', scopes: ['me'] },
    });
    const login = () =>
      app.request('POST', '/token', {
        form: { grant_type: 'password', username: 'hank', password: 'hank-password' },
      });
    expect((await login()).status).toBe(200);

    const disabled = await app.request('PATCH', `/users/${created.body.id}`, {
      token: writer,
      json: { disabled: true },
    });
    expect(disabled.body.disabled).toBe(true);
    expect((await login()).body.error).toBe('invalid_grant');

    await app.request('PATCH', `/users/${created.body.id}`, {
      token: writer,
      json: { disabled: false },
    });
    expect((await login()).status).toBe(200);
  });

  it('reads one user by id, 404 for an unknown id', async () => {
    const list = await app.request('GET', '/users?limit=1', { token: writer });
    expect(list.body).toHaveLength(1);
    const one = await app.request('GET', `/users/${list.body[0].id}`, { token: writer });
    expect(one.body).toEqual(list.body[0]);
    const missing = await app.request('GET', '/users/00000000-0000-4000-8000-000000000000', {
      token: writer,
    });
    expect(missing.status).toBe(404);
  });

  it.each([
    ['renaming', { username: 'renamed' }, 'property username should not exist'],
    ['a short password', { password: 'short' }, 'password must be longer than or equal to 8'],
    ['a non-boolean disabled', { disabled: 'yes' }, 'disabled must be a boolean value'],
  ])('refuses %s on PATCH with 400', async (_, json, message) => {
    const [first] = (await app.request('GET', '/users?limit=1', { token: writer })).body;
    const result = await app.request('PATCH', `/users/${first.id}`, { token: writer, json });
    expect(result.status).toBe(400);
    expect(result.body.message.join(' ')).toContain(message);
  });

  it('re-hashes a password made with weaker argon2 parameters on the next login', async () => {
    const database = app.app.get(DataSource);
    // Positional parameters are $1 in PostgreSQL and ? in SQLite.
    const sql = (text: string) =>
      database.options.type === 'postgres' ? text : text.replace(/\$\d+/g, '?');
    const weak = await argon2.hash('legacy-password', {
      type: argon2.argon2id,
      memoryCost: 4096,
      timeCost: 1,
    });
    const created = await app.request('POST', '/users', {
      token: writer,
      json: { username: 'legacy', password: 'legacy-password', scopes: ['me'] },
    });
    await database.query(sql('UPDATE users SET password_hash = $1 WHERE id = $2'), [
      weak,
      created.body.id,
    ]);

    await app.token('legacy', 'legacy-password', 'me');

    const [{ password_hash: stored }] = await database.query(
      sql('SELECT password_hash FROM users WHERE id = $1'),
      [created.body.id],
    );
    expect(stored).not.toBe(weak);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await argon2.verify(stored, 'legacy-password')).toBe(true);
  });
});

describe('/users when every argon2 slot is busy', () => {
  it('answers 503 with Retry-After, and the requests that got a slot succeed', async () => {
    // One slot and no queue: of parallel creations, those that find the slot taken are told
    // when to come back.
    const app = await startApp({ ARGON2_MAX_CONCURRENCY: '1', ARGON2_MAX_QUEUE: '0' });
    try {
      const writer = await app.token('admin', TEST_ADMIN_PASSWORD, 'users:write');
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          app.request('POST', '/users', {
            token: writer,
            json: { username: `busy-${i}`, password: 'busy-password', scopes: ['me'] },
          }),
        ),
      );
      const busy = results.filter((result) => result.status === 503);
      expect(busy.length).toBeGreaterThan(0);
      for (const result of busy) {
        expect(result.headers.get('retry-after')).toBe('1');
        expect(result.body).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          message: 'The server is busy checking passwords; retry in a second',
        });
      }
      expect(results.filter((result) => result.status !== 503).map((r) => r.status)).toEqual(
        Array(results.length - busy.length).fill(201),
      );
    } finally {
      await app.close();
    }
  });
});
