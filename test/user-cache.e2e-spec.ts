import { TEST_ADMIN_PASSWORD, useTestApp } from './support/app';

// The user behind a token is cached (USER_CACHE_TTL_MS, 5 s by default): an administrator's
// change made through this process must still apply to the very next request.
describe('administrator changes apply at once despite the user cache', () => {
  const app = useTestApp({ USER_CACHE_TTL_MS: '60000' });
  let admin: string;
  let johndoeId: string;

  beforeAll(async () => {
    admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
    const users = await app.request('GET', '/users', { token: admin });
    johndoeId = users.body.find((user: { username: string }) => user.username === 'johndoe').id;
  });

  it('refuses a cached user’s token with 401 invalid_token right after they are disabled', async () => {
    const token = await app.token('johndoe', 'secret', 'me');
    expect((await app.request('GET', '/users/me/', { token })).status).toBe(200);

    const disable = await app.request('PATCH', `/users/${johndoeId}`, {
      token: admin,
      json: { disabled: true },
    });
    expect(disable.status).toBe(200);
    const refused = await app.request('GET', '/users/me/', { token });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(refused.body.error_description).toBe(
      'The user of this token does not exist or is disabled',
    );

    // Disabling ended the session the token came from and revoked its access tokens:
    // enabling again lets the user log in, not their old tokens back.
    await app.request('PATCH', `/users/${johndoeId}`, { token: admin, json: { disabled: false } });
    const revived = await app.request('GET', '/users/me/', { token });
    expect(revived.status).toBe(401);
    expect(revived.body.error_description).toBe('The access token was revoked');
    const fresh = await app.token('johndoe', 'secret', 'me');
    expect((await app.request('GET', '/users/me/', { token: fresh })).status).toBe(200);
  });

  it('limits a cached user’s token right after their scopes are reduced', async () => {
    const token = await app.token('johndoe', 'secret', 'me items');
    expect((await app.request('GET', '/users/me/items/', { token })).status).toBe(200);

    await app.request('PATCH', `/users/${johndoeId}`, { token: admin, json: { scopes: ['me'] } });
    const refused = await app.request('GET', '/users/me/items/', { token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'insufficient_scope' });

    await app.request('PATCH', `/users/${johndoeId}`, {
      token: admin,
      json: { scopes: ['me', 'items', 'items:read', 'items:write'] },
    });
  });
});
