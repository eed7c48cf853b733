import { DataSource } from 'typeorm';
import { Client } from '../src/clients/client.entity';
import { PasswordHasher } from '../src/credentials/password-hasher';
import * as secretDigests from '../src/credentials/secret-digest';
import { TEST_ADMIN_PASSWORD, useTestApp } from './support/app';
import { decodeToken } from './support/forge';
import { DEMO_SERVICE, basic, postForm } from './support/oauth';
import { createClient } from './support/factories';

/** Clients (docs/http-contract.md): administration, client authentication, the client-credentials grant. */
describe('clients', () => {
  const app = useTestApp();
  let admin: string;

  beforeAll(async () => {
    admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
  });

  const clientCredentials = (form: Record<string, string> = {}, authorization?: string) =>
    postForm(app, '/token', { grant_type: 'client_credentials', ...form }, authorization);

  describe('administration (/clients)', () => {
    it('needs clients:read to read and clients:write to change, both implied by admin', async () => {
      const johndoe = await app.token('johndoe', 'secret', 'me');
      expect((await app.request('GET', '/clients', { token: johndoe })).status).toBe(403);
      const forbidden = await app.request('POST', '/clients', { token: johndoe, json: {} });
      expect(forbidden.status).toBe(403);
      expect(forbidden.headers.get('www-authenticate')).toContain('scope="clients:write"');
      expect((await app.request('GET', '/clients')).status).toBe(401);
      expect((await app.request('GET', '/clients', { token: admin })).status).toBe(200);
    });

    it('registers a confidential client and shows its secret once, stored only as a digest', async () => {
      const created = await app.request('POST', '/clients', {
        token: admin,
        json: {
          clientId: 'billing',
          name: 'Billing',
          type: 'confidential',
          grantTypes: ['client_credentials'],
          scopes: ['items:read'],
        },
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('cache-control')).toBe('no-store');
      expect(created.body).toMatchObject({
        clientId: 'billing',
        type: 'confidential',
        grantTypes: ['client_credentials'],
        scopes: ['items:read'],
        mayIntrospect: false,
        disabled: false,
        clientSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      const shown = await app.request('GET', '/clients/billing', { token: admin });
      expect(shown.status).toBe(200);
      expect(shown.body).not.toHaveProperty('clientSecret');
      expect(JSON.stringify(shown.body)).not.toContain(created.body.clientSecret);
      const listed = await app.request('GET', '/clients?limit=1000', { token: admin });
      expect(listed.body.map((client: { clientId: string }) => client.clientId)).toEqual(
        expect.arrayContaining(['demo-service', 'billing']),
      );
      const token = await clientCredentials({}, basic('billing', created.body.clientSecret));
      expect(token.status).toBe(200);
      const row = await app.app.get(DataSource).getRepository(Client).findOneByOrFail({
        clientId: 'billing',
      });
      expect(row.secretHash).toBe(secretDigests.secretDigest(created.body.clientSecret));
    });

    it('shows the built-in public client, and refuses to change it', async () => {
      const shown = await app.request('GET', '/clients/first-party', { token: admin });
      expect(shown.body).toMatchObject({
        clientId: 'first-party',
        type: 'public',
        grantTypes: ['authorization_code', 'password', 'refresh_token'],
      });
      const patch = await app.request('PATCH', '/clients/first-party', {
        token: admin,
        json: { disabled: true },
      });
      expect(patch.status).toBe(409);
    });

    it.each([
      ['an unknown scope', { scopes: ['items:fly'] }, /Unknown scope/],
      ['a bad client id', { clientId: 'has space' }, /clientId/],
      ['a UUID as client id', { clientId: '6f1c2d4e-0000-4000-8000-000000000001' }, /UUID/],
      ['an unknown grant', { grantTypes: ['implicit'] }, /grantTypes/],
      ['client_credentials for a public client', { type: 'public' }, /public client/],
    ])('refuses %s with 400', async (_, change, message) => {
      const result = await app.request('POST', '/clients', {
        token: admin,
        json: {
          clientId: 'refused',
          name: 'Refused',
          type: 'confidential',
          grantTypes: ['client_credentials'],
          scopes: ['items:read'],
          ...change,
        },
      });
      expect(result.status).toBe(400);
      expect(JSON.stringify(result.body)).toMatch(message);
    });

    it('refuses a taken client id with 409, the built-in one included', async () => {
      for (const clientId of ['demo-service', 'first-party']) {
        const result = await app.request('POST', '/clients', {
          token: admin,
          json: { clientId, name: 'x', type: 'public', grantTypes: ['password'], scopes: [] },
        });
        expect(result.status).toBe(409);
      }
    });

    it('rotates a secret: the new one works at once, the old one no more', async () => {
      const old = await createClient(app, admin, {
        clientId: 'rotating',
        name: 'Rotating',
        type: 'confidential',
        grantTypes: ['client_credentials'],
        scopes: ['items:read'],
      });
      const rotated = await app.request('POST', '/clients/rotating/secret', { token: admin });
      expect(rotated.status).toBe(200);
      expect(rotated.body.clientSecret).not.toBe(old);
      expect((await clientCredentials({}, basic('rotating', old!))).status).toBe(401);
      expect(
        (await clientCredentials({}, basic('rotating', rotated.body.clientSecret))).status,
      ).toBe(200);
      const publicOne = await app.request('POST', '/clients/first-party/secret', { token: admin });
      expect(publicOne.status).toBe(409);
      const unknown = await app.request('POST', '/clients/nobody/secret', { token: admin });
      expect(unknown.status).toBe(404);
    });

    it('disabling a client refuses its authentication and its tokens', async () => {
      const secret = await createClient(app, admin, {
        clientId: 'to-disable',
        name: 'To disable',
        type: 'confidential',
        grantTypes: ['client_credentials'],
        scopes: ['items:read'],
      });
      const issued = await clientCredentials({}, basic('to-disable', secret!));
      const token = issued.body.access_token;
      expect((await app.request('GET', '/items', { token })).status).toBe(200);
      const patch = await app.request('PATCH', '/clients/to-disable', {
        token: admin,
        json: { disabled: true },
      });
      expect(patch.status).toBe(200);
      const refused = await clientCredentials({}, basic('to-disable', secret!));
      expect(refused.status).toBe(401);
      expect(refused.body.error).toBe('invalid_client');
      const stale = await app.request('GET', '/items', { token });
      expect(stale.status).toBe(401);
      expect(stale.body.error_description).toBe(
        'The client of this token does not exist or is disabled',
      );
    });
  });

  describe('client authentication at /token', () => {
    it('accepts client_secret_basic and client_secret_post alike', async () => {
      const byBasic = await clientCredentials({}, basic(DEMO_SERVICE.id, DEMO_SERVICE.secret));
      expect(byBasic.status).toBe(200);
      const byPost = await clientCredentials({
        client_id: DEMO_SERVICE.id,
        client_secret: DEMO_SERVICE.secret,
      });
      expect(byPost.status).toBe(200);
    });

    it('refuses both methods at once with 400 invalid_request', async () => {
      const result = await clientCredentials(
        { client_id: DEMO_SERVICE.id, client_secret: DEMO_SERVICE.secret },
        basic(DEMO_SERVICE.id, DEMO_SERVICE.secret),
      );
      expect(result.status).toBe(400);
      expect(result.body.error).toBe('invalid_request');
    });

    it('answers 401 invalid_client with a Basic challenge to wrong HTTP Basic credentials', async () => {
      for (const authorization of [
        basic(DEMO_SERVICE.id, 'wrong-secret'),
        basic('nobody', DEMO_SERVICE.secret),
        'Basic not-base64-at-all!',
        `Basic ${Buffer.from('no-colon').toString('base64')}`,
      ]) {
        const result = await clientCredentials({}, authorization);
        expect(result.status).toBe(401);
        expect(result.body).toEqual({
          error: 'invalid_client',
          error_description: 'Client authentication failed',
        });
        expect(result.headers.get('www-authenticate')).toBe('Basic realm="scopegate"');
        expect(result.headers.get('cache-control')).toBe('no-store');
      }
    });

    it('answers 401 invalid_client without a challenge to wrong form credentials', async () => {
      for (const form of <Record<string, string>[]>[
        { client_id: DEMO_SERVICE.id, client_secret: 'wrong-secret' },
        { client_id: 'nobody', client_secret: 'whatever' },
        // A confidential client that does not authenticate.
        { client_id: DEMO_SERVICE.id },
        { client_id: 'nobody' },
      ]) {
        const result = await clientCredentials(form);
        expect(result.status).toBe(401);
        expect(result.body.error).toBe('invalid_client');
        expect(result.headers.get('www-authenticate')).toBeNull();
      }
    });

    it('answers 400 unauthorized_client to a grant the client may not use', async () => {
      const password = await postForm(
        app,
        '/token',
        { grant_type: 'password', username: 'johndoe', password: 'secret' },
        basic(DEMO_SERVICE.id, DEMO_SERVICE.secret),
      );
      expect(password.status).toBe(400);
      expect(password.body.error).toBe('unauthorized_client');
      // The built-in public client may not use client_credentials.
      const builtIn = await clientCredentials();
      expect(builtIn.status).toBe(400);
      expect(builtIn.body.error).toBe('unauthorized_client');
    });

    it('makes a request that names no client the built-in first-party client’s', async () => {
      const result = await postForm(app, '/token', {
        grant_type: 'password',
        username: 'johndoe',
        password: 'secret',
      });
      expect(decodeToken(result.body.access_token).payload.client_id).toBe('first-party');
      const named = await postForm(app, '/token', {
        grant_type: 'password',
        username: 'johndoe',
        password: 'secret',
        client_id: 'first-party',
      });
      expect(named.status).toBe(200);
    });

    it.each(['/token', '/revoke', '/introspect'])(
      'refuses credentials in the query string of %s with invalid_request',
      async (path) => {
        const result = await app.request(
          'POST',
          `${path}?client_id=${DEMO_SERVICE.id}&client_secret=${DEMO_SERVICE.secret}`,
          { form: { grant_type: 'client_credentials', token: 'x' } },
        );
        expect(result.status).toBe(400);
        expect(result.body).toEqual({
          error: 'invalid_request',
          error_description: 'Parameters must be sent in the form-encoded body, never in the URL',
        });
      },
    );

    it('spends one digest comparison on an unknown client as on a wrong secret, and no argon2', async () => {
      const compared = jest.spyOn(secretDigests, 'matchesDigest');
      const argon2 = jest.spyOn(app.app.get(PasswordHasher), 'verify');
      try {
        expect((await clientCredentials({}, basic('nobody', 'x'))).status).toBe(401);
        expect(compared.mock.calls).toEqual([[null, 'x']]);
        compared.mockClear();
        expect((await clientCredentials({}, basic(DEMO_SERVICE.id, 'wrong'))).status).toBe(401);
        expect(compared.mock.calls).toEqual([[expect.stringMatching(/^sha256:/), 'wrong']]);
        expect(argon2).not.toHaveBeenCalled();
      } finally {
        compared.mockRestore();
        argon2.mockRestore();
      }
    });

    it('accepts a secret stored as an argon2 hash before digests, and stores its digest instead', async () => {
      const secret = await createClient(app, admin, {
        clientId: 'from-before',
        name: 'Registered before digests',
        type: 'confidential',
        grantTypes: ['client_credentials'],
        scopes: ['items:read'],
      });
      // What an earlier version stored; this client has not been used yet, so nothing cached it.
      const db = app.app.get(DataSource);
      const stored = async () =>
        (await db.getRepository(Client).findOneByOrFail({ clientId: 'from-before' })).secretHash;
      expect(await stored()).toBe(secretDigests.secretDigest(secret!));
      const hash = await app.app.get(PasswordHasher).hash(secret!);
      await db.getRepository(Client).update({ clientId: 'from-before' }, { secretHash: hash });

      expect((await clientCredentials({}, basic('from-before', `${secret}x`))).status).toBe(401);
      expect(await stored()).toBe(hash);
      expect((await clientCredentials({}, basic('from-before', secret!))).status).toBe(200);
      expect(await stored()).toBe(secretDigests.secretDigest(secret!));
      expect((await clientCredentials({}, basic('from-before', secret!))).status).toBe(200);
      expect((await clientCredentials({}, basic('from-before', `${secret}x`))).status).toBe(401);
    });
  });

  describe('grant_type=client_credentials', () => {
    const demo = () => basic(DEMO_SERVICE.id, DEMO_SERVICE.secret);

    it('issues a token of the client’s own (sub = client_id), all its scopes, no refresh token', async () => {
      const result = await clientCredentials({}, demo());
      expect(result.status).toBe(200);
      expect(result.body).toEqual({
        access_token: expect.any(String),
        token_type: 'bearer',
        expires_in: 1800,
        scope: 'items:read',
      });
      const { payload } = decodeToken(result.body.access_token);
      expect(payload).toMatchObject({ sub: 'demo-service', client_id: 'demo-service' });
    });

    it('grants a requested subset, and refuses a scope outside the client’s with invalid_scope', async () => {
      expect((await clientCredentials({ scope: 'items:read' }, demo())).body.scope).toBe(
        'items:read',
      );
      const refused = await clientCredentials({ scope: 'items:read items:write' }, demo());
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe('invalid_scope');
      expect((await clientCredentials({ scope: 'nope:nope' }, demo())).body.error).toBe(
        'invalid_scope',
      );
    });

    it('works on the routes its scopes open, and gets 403 on a route that acts for a user', async () => {
      const token = (await clientCredentials({}, demo())).body.access_token;
      const items = await app.request('GET', '/items', { token });
      expect(items.status).toBe(200);
      expect(items.body).toEqual([]);
      expect((await app.request('GET', '/status/', { token })).status).toBe(200);
      expect((await app.request('POST', '/items', { token, json: { title: 'x' } })).status).toBe(
        403,
      );
    });

    it('answers a client’s own token 403 on every route that acts for a user, never a 5xx', async () => {
      const secret = await createClient(app, admin, {
        clientId: 'writer-service',
        name: 'Writer',
        type: 'confidential',
        grantTypes: ['client_credentials'],
        scopes: ['me', 'items', 'items:write', 'items:delete'],
      });
      const token = (await clientCredentials({}, basic('writer-service', secret!))).body
        .access_token as string;
      const johndoe = await app.token('johndoe', 'secret', 'items:read');
      const [item] = (await app.request('GET', '/items', { token: johndoe })).body;

      const created = await app.request('POST', '/items', { token, json: { title: 'x' } });
      expect(created.status).toBe(403);
      expect(created.body.message).toBe(
        "This route acts for a user; a client's own token (client_credentials) has none",
      );
      for (const [method, path] of [
        ['GET', '/users/me'],
        ['GET', '/users/me/items/'],
        ['GET', '/users/me/sessions'],
        ['DELETE', `/users/me/sessions/${item.id}`],
      ]) {
        expect([method, path, (await app.request(method, path, { token })).status]).toEqual([
          method,
          path,
          403,
        ]);
      }
      // A user's item is one the client cannot see: 404, as for any item not the caller's.
      const changed = await app.request('PATCH', `/items/${item.id}`, {
        token,
        json: { title: 'taken' },
      });
      expect(changed.status).toBe(404);
      expect((await app.request('DELETE', `/items/${item.id}`, { token })).status).toBe(404);
      expect((await app.request('GET', `/items/${item.id}`, { token: johndoe })).body.title).toBe(
        item.title,
      );
    });

    it('limits an issued token to the client’s scopes as they are now', async () => {
      const secret = await createClient(app, admin, {
        clientId: 'narrowed',
        name: 'Narrowed',
        type: 'confidential',
        grantTypes: ['client_credentials'],
        scopes: ['items:read', 'me'],
      });
      const token = (await clientCredentials({}, basic('narrowed', secret!))).body.access_token;
      expect((await app.request('GET', '/items', { token })).status).toBe(200);
      await app.request('PATCH', '/clients/narrowed', { token: admin, json: { scopes: ['me'] } });
      expect((await app.request('GET', '/items', { token })).status).toBe(403);
      // A route that acts for a user has no user to act for.
      expect((await app.request('GET', '/users/me', { token })).status).toBe(403);
    });
  });
});
