import { SessionsService } from '../src/sessions/sessions.service';
import { TEST_ADMIN_PASSWORD, useTestApp, type TestApp } from './support/app';
import { shiftableClock } from './support/clock';
import { decodeToken } from './support/forge';
import { login, postForm } from './support/oauth';
import { createClient, createUser } from './support/factories';

const refresh = (app: TestApp, token: string, extra: Record<string, string> = {}) =>
  postForm(app, '/token', { grant_type: 'refresh_token', refresh_token: token, ...extra });

const me = async (app: TestApp, token: string) =>
  (await app.request('GET', '/users/me', { token })).status;

/** Refresh tokens (docs/http-contract.md): rotation, reuse detection, scope, lifetimes, sessions. */
describe('refresh tokens', () => {
  const app = useTestApp();
  let admin: string;

  beforeAll(async () => {
    admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
  });

  describe('rotation', () => {
    it('trades a refresh token for a new pair, once', async () => {
      const first = await login(app);
      const rotated = await refresh(app, first.refresh);
      expect(rotated.status).toBe(200);
      expect(rotated.headers.get('cache-control')).toBe('no-store');
      expect(rotated.body).toEqual({
        access_token: expect.any(String),
        token_type: 'bearer',
        expires_in: 1800,
        scope: 'me items',
        refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      expect(rotated.body.refresh_token).not.toBe(first.refresh);
      const johndoe = await app.request('GET', '/users/me', { token: rotated.body.access_token });
      expect(johndoe.status).toBe(200);
      expect(decodeToken(rotated.body.access_token).payload).toMatchObject({
        sub: johndoe.body.id,
        client_id: 'first-party',
      });
      expect((await refresh(app, rotated.body.refresh_token)).status).toBe(200);
    });

    it('detects reuse: the replayed token is refused and the whole session ends', async () => {
      const first = await login(app);
      const second = await refresh(app, first.refresh);
      const replay = await refresh(app, first.refresh);
      expect(replay.status).toBe(400);
      expect(replay.body).toEqual({
        error: 'invalid_grant',
        error_description: 'The refresh token was already used; the session is ended',
      });
      // The legitimate holder's newer tokens die with the session.
      expect((await refresh(app, second.body.refresh_token)).body.error).toBe('invalid_grant');
      expect(await me(app, second.body.access_token)).toBe(401);
      expect(await me(app, first.access)).toBe(401);
    });

    it('lets exactly one of ten parallel uses of one token succeed, and ends the session', async () => {
      // Several races, since one may happen to be serialised.
      for (let race = 0; race < 5; race++) {
        const { refresh: token } = await login(app);
        const results = await Promise.all(Array.from({ length: 10 }, () => refresh(app, token)));
        const statuses = results.map((result) => result.status).sort();
        expect(statuses).toEqual([200, ...Array(9).fill(400)]);
        for (const result of results.filter((r) => r.status === 400)) {
          expect(result.body.error).toBe('invalid_grant');
        }
        const winner = results.find((result) => result.status === 200)!;
        // Reuse happened, so the winner's pair is revoked too.
        expect((await refresh(app, winner.body.refresh_token)).body.error).toBe('invalid_grant');
        expect(await me(app, winner.body.access_token)).toBe(401);
      }
    });
  });

  describe('scope', () => {
    it('narrows the access token to a requested subset; the session keeps its scope', async () => {
      const first = await login(app, 'me items');
      const narrow = await refresh(app, first.refresh, { scope: 'me' });
      expect(narrow.status).toBe(200);
      expect(narrow.body.scope).toBe('me');
      const full = await refresh(app, narrow.body.refresh_token);
      expect(full.body.scope).toBe('me items');
    });

    it('refuses a scope the session was not granted with invalid_scope, and keeps the token', async () => {
      const first = await login(app, 'me');
      const wider = await refresh(app, first.refresh, { scope: 'me items' });
      expect(wider.status).toBe(400);
      expect(wider.body.error).toBe('invalid_scope');
      expect((await refresh(app, first.refresh, { scope: 'bogus:scope' })).body.error).toBe(
        'invalid_scope',
      );
      expect((await refresh(app, first.refresh)).status).toBe(200);
    });

    it('applies what the user may hold now', async () => {
      const created = await app.request('POST', '/users', {
        token: admin,
        json: { username: 'frank', password: 'frank-password', scopes: ['me', 'items'] },
      });
      const first = await login(app, 'me items', {
        username: 'frank',
        password: 'frank-password',
      });
      await app.request('PATCH', `/users/${created.body.id}`, {
        token: admin,
        json: { scopes: ['me'] },
      });
      expect((await refresh(app, first.refresh)).body.scope).toBe('me');
    });
  });

  describe('bad refresh tokens', () => {
    it.each([
      ['garbage', 'not-a-refresh-token'],
      ['an access token', 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln'],
      ['an oversized value', 'x'.repeat(5000)],
      ['unicode', 'ünïcödé-☃'],
    ])('refuses %s with 400 invalid_grant', async (_, token) => {
      const result = await refresh(app, token);
      expect(result.status).toBe(400);
      expect(result.body).toEqual({
        error: 'invalid_grant',
        error_description: 'The refresh token is invalid, expired or revoked',
      });
    });

    it('refuses a missing or repeated refresh_token with invalid_request', async () => {
      const missing = await postForm(app, '/token', { grant_type: 'refresh_token' });
      expect(missing.body.error).toBe('invalid_request');
      const repeated = await app.request('POST', '/token', {
        body: 'grant_type=refresh_token&refresh_token=a&refresh_token=b',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(repeated.status).toBe(400);
      expect(repeated.body.error).toBe('invalid_request');
    });

    it('refuses another client’s refresh token with invalid_grant, and leaves it usable', async () => {
      await createClient(app, admin, {
        clientId: 'mobile-app',
        name: 'Mobile app',
        type: 'public',
        grantTypes: ['password', 'refresh_token'],
        scopes: ['me', 'items'],
      });
      const { refresh: token } = await login(app);
      const stolen = await refresh(app, token, { client_id: 'mobile-app' });
      expect(stolen.status).toBe(400);
      expect(stolen.body).toEqual({
        error: 'invalid_grant',
        error_description: 'The refresh token was issued to another client',
      });
      expect((await refresh(app, token)).status).toBe(200);
    });

    it('gives no refresh token to a client that may not refresh', async () => {
      await createClient(app, admin, {
        clientId: 'kiosk',
        name: 'Kiosk',
        type: 'public',
        grantTypes: ['password'],
        scopes: ['me'],
      });
      const result = await postForm(app, '/token', {
        grant_type: 'password',
        username: 'johndoe',
        password: 'secret',
        scope: 'me items',
        client_id: 'kiosk',
      });
      expect(result.status).toBe(200);
      expect(result.body).not.toHaveProperty('refresh_token');
      // The client's allow-list applies: items is dropped.
      expect(result.body.scope).toBe('me');
    });
  });

  describe('sessions end when their user or client changes', () => {
    async function newUser(username: string) {
      const { id, password } = await createUser(app, admin, { username });
      return { id, ...(await login(app, 'me', { username, password })) };
    }

    it('ends the sessions of a disabled user, for good', async () => {
      const grace = await newUser('grace');
      await app.request('PATCH', `/users/${grace.id}`, { token: admin, json: { disabled: true } });
      expect((await refresh(app, grace.refresh)).body.error).toBe('invalid_grant');
      await app.request('PATCH', `/users/${grace.id}`, { token: admin, json: { disabled: false } });
      expect((await refresh(app, grace.refresh)).body.error).toBe('invalid_grant');
    });

    it('ends the sessions of a user whose password changed', async () => {
      const heidi = await newUser('heidi');
      await app.request('PATCH', `/users/${heidi.id}`, {
        token: admin,
        json: { password: 'heidi-new-password' },
      });
      expect((await refresh(app, heidi.refresh)).body.error).toBe('invalid_grant');
    });

    it('ends the sessions of a disabled client', async () => {
      await createClient(app, admin, {
        clientId: 'tablet-app',
        name: 'Tablet app',
        type: 'public',
        grantTypes: ['password', 'refresh_token'],
        scopes: ['me'],
      });
      const viaTablet = await postForm(app, '/token', {
        grant_type: 'password',
        username: 'johndoe',
        password: 'secret',
        scope: 'me',
        client_id: 'tablet-app',
      });
      const token = viaTablet.body.refresh_token;
      const patch = (disabled: boolean) =>
        app.request('PATCH', '/clients/tablet-app', { token: admin, json: { disabled } });
      await patch(true);
      const whileDisabled = await refresh(app, token, { client_id: 'tablet-app' });
      expect(whileDisabled.status).toBe(401);
      expect(whileDisabled.body.error).toBe('invalid_client');
      await patch(false);
      const after = await refresh(app, token, { client_id: 'tablet-app' });
      expect(after.body.error).toBe('invalid_grant');
      expect(await me(app, viaTablet.body.access_token)).toBe(401);
    });
  });

  describe('GET/DELETE /users/me/sessions', () => {
    it('lists the caller’s sessions without any token, and ends one', async () => {
      const created = await app.request('POST', '/users', {
        token: admin,
        json: { username: 'ivan', password: 'ivan-password', scopes: ['me', 'items'] },
      });
      expect(created.status).toBe(201);
      const ivan = { username: 'ivan', password: 'ivan-password' };
      const laptop = await login(app, 'me items', ivan);
      const phone = await login(app, 'me', ivan);
      const listed = await app.request('GET', '/users/me/sessions', { token: phone.access });
      expect(listed.status).toBe(200);
      expect(listed.body).toHaveLength(2);
      expect(listed.body[0]).toEqual({
        id: expect.any(String),
        kind: 'refresh',
        clientId: 'first-party',
        scope: expect.any(String),
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        expiresAt: expect.any(String),
      });
      expect(listed.text).not.toContain(laptop.refresh);
      expect(listed.text).not.toContain(laptop.access);
      const laptopSession = listed.body.find((s: { scope: string }) => s.scope === 'me items');

      const ended = await app.request('DELETE', `/users/me/sessions/${laptopSession.id}`, {
        token: phone.access,
      });
      expect(ended.status).toBe(204);
      expect(await me(app, laptop.access)).toBe(401);
      expect((await refresh(app, laptop.refresh)).body.error).toBe('invalid_grant');
      expect(await me(app, phone.access)).toBe(200);
      const after = await app.request('GET', '/users/me/sessions', { token: phone.access });
      expect(after.body).toHaveLength(1);
    });

    it('answers 404 for another user’s session and 400 for a malformed id', async () => {
      const johndoe = await login(app, 'me');
      const sessions = await app.request('GET', '/users/me/sessions', { token: johndoe.access });
      const adminToken = await app.token('admin', TEST_ADMIN_PASSWORD, 'me');
      const foreign = await app.request('DELETE', `/users/me/sessions/${sessions.body[0].id}`, {
        token: adminToken,
      });
      expect(foreign.status).toBe(404);
      expect(await me(app, johndoe.access)).toBe(200);
      const malformed = await app.request('DELETE', '/users/me/sessions/nope', {
        token: adminToken,
      });
      expect(malformed.status).toBe(400);
    });

    it('needs the me scope', async () => {
      const token = await app.token('johndoe', 'secret', 'items');
      expect((await app.request('GET', '/users/me/sessions', { token })).status).toBe(403);
    });
  });

  describe('lifetimes (clock moved forward)', () => {
    let clock: ReturnType<typeof shiftableClock>;
    beforeEach(() => (clock = shiftableClock()));
    afterEach(() => clock.restore());

    it('lets a client live for days on one login: expiry, refresh, continue', async () => {
      let tokens = await login(app, 'me');
      for (let day = 1; day <= 5; day++) {
        clock.advance(86_400);
        expect(await me(app, tokens.access)).toBe(401);
        const next = await refresh(app, tokens.refresh);
        expect(next.status).toBe(200);
        tokens = { access: next.body.access_token, refresh: next.body.refresh_token };
        expect(await me(app, tokens.access)).toBe(200);
      }
    });

    it('purges sessions that can never be used again; what they revoked stays revoked', async () => {
      const sessions = app.app.get(SessionsService);
      await sessions.purge();
      const ended = await login(app, 'me');
      const { id } = (await sessions.find(ended.refresh))!.session;
      const deleted = await app.request('DELETE', `/users/me/sessions/${id}`, {
        token: ended.access,
      });
      expect(deleted.status).toBe(204);
      const live = await login(app, 'me');
      await sessions.purge();
      // Kept while an access token it issued may still be presented.
      expect(await sessions.find(ended.refresh)).not.toBeNull();
      clock.advance(31 * 60);
      expect(await sessions.purge()).toBeGreaterThanOrEqual(1);
      expect(await sessions.find(ended.refresh)).toBeNull();
      expect(await sessions.find(live.refresh)).not.toBeNull();
      expect((await refresh(app, ended.refresh)).body.error).toBe('invalid_grant');
      expect(await me(app, ended.access)).toBe(401);
      expect((await refresh(app, live.refresh)).status).toBe(200);
    });

    it('refuses a refresh token unused for REFRESH_TOKEN_TTL (7 days)', async () => {
      const { refresh: token } = await login(app, 'me');
      clock.advance(7 * 86_400 + 60);
      expect((await refresh(app, token)).body.error).toBe('invalid_grant');
    });

    it('refuses a session older than REFRESH_TOKEN_MAX_LIFETIME (30 days), however used', async () => {
      let { refresh: token } = await login(app, 'me');
      for (let week = 1; week <= 4; week++) {
        clock.advance(6 * 86_400);
        const next = await refresh(app, token);
        expect(next.status).toBe(200);
        token = next.body.refresh_token;
      }
      clock.advance(6 * 86_400 + 60);
      expect((await refresh(app, token)).body.error).toBe('invalid_grant');
    });
  });
});

describe('refresh tokens with REFRESH_TOKEN_REUSE_GRACE=30', () => {
  const app = useTestApp({ REFRESH_TOKEN_REUSE_GRACE: '30' });

  it('answers a reuse within the grace period with a new pair in the same session', async () => {
    const first = await login(app, 'me');
    const a = await refresh(app, first.refresh);
    const b = await refresh(app, first.refresh);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body.refresh_token).not.toBe(a.body.refresh_token);
    expect(await me(app, a.body.access_token)).toBe(200);
    expect(await me(app, b.body.access_token)).toBe(200);
    const sessions = await app.request('GET', '/users/me/sessions', { token: b.body.access_token });
    expect(sessions.body).toHaveLength(1);
  });

  it('still detects a reuse after the grace period', async () => {
    const clock = shiftableClock();
    try {
      const first = await login(app, 'me');
      const rotated = await refresh(app, first.refresh);
      clock.advance(31);
      expect((await refresh(app, first.refresh)).body.error).toBe('invalid_grant');
      expect((await refresh(app, rotated.body.refresh_token)).body.error).toBe('invalid_grant');
    } finally {
      clock.restore();
    }
  });
});
