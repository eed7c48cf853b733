import { useTestApp } from './support/app';

describe('the tutorial walk-through (johndoe / secret)', () => {
  const app = useTestApp();

  it('grants johndoe a token with me and items, then serves the three routes', async () => {
    const token = await app.token('johndoe', 'secret', 'me items');

    const me = await app.request('GET', '/users/me/', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'johndoe', fullName: 'John Doe', disabled: false });
    expect(me.body).not.toHaveProperty('passwordHash');

    const items = await app.request('GET', '/users/me/items/', { token });
    expect(items.status).toBe(200);
    expect(items.body.map((item: { title: string }) => item.title).sort()).toEqual(['Bar', 'Foo']);

    const status = await app.request('GET', '/status/', { token });
    expect(status).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('answers /path and /path/ the same', async () => {
    const token = await app.token('johndoe', 'secret', 'me items');
    for (const path of ['/users/me', '/users/me/items', '/status']) {
      const bare = await app.request('GET', path, { token });
      const slashed = await app.request('GET', `${path}/`, { token });
      expect(bare.status).toBe(200);
      expect(slashed.body).toEqual(bare.body);
    }
  });

  it('answers 403 on /users/me/items/ with a token that has me but not items', async () => {
    const token = await app.token('johndoe', 'secret', 'me');
    const result = await app.request('GET', '/users/me/items/', { token });
    expect(result.status).toBe(403);
    expect(result.headers.get('www-authenticate')).toContain('scope="me items"');
  });

  it('lets /status/ through with a token that has no scope at all', async () => {
    const token = await app.token('johndoe', 'secret');
    expect((await app.request('GET', '/status/', { token })).status).toBe(200);
    expect((await app.request('GET', '/users/me/', { token })).status).toBe(403);
  });

  it('does not let alice (disabled) in', async () => {
    const result = await app.request('POST', '/token', {
      form: { grant_type: 'password', username: 'alice', password: 'secretalice', scope: 'me' },
    });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Incorrect username or password',
    });
  });
});
