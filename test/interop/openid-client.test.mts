/**
 * Scopegate through panva's openid-client (v6), the certified Relying Party library most Node
 * applications use: discovery, client credentials with both secret methods, the password grant
 * and refresh through the generic grant, introspection, revocation and a protected resource.
 * Nothing is relaxed but plain `http` on loopback (`allowInsecureRequests`).
 */
import * as jose from 'jose';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import { isNumericDate, startScopegate, type RunningScopegate } from './scopegate.mjs';

let scopegate: RunningScopegate;

/** The library's configuration for a client, from Scopegate's RFC 8414 metadata. */
function discover(
  clientId: string,
  secret: string | undefined,
  auth: client.ClientAuth,
): Promise<client.Configuration> {
  return client.discovery(scopegate.issuer, clientId, secret, auth, {
    algorithm: 'oauth2',
    execute: [client.allowInsecureRequests],
  });
}

const service = (auth = client.ClientSecretBasic()) =>
  discover(scopegate.service.clientId, scopegate.service.secret, auth);
const firstParty = () => discover('first-party', undefined, client.None());

before(async () => {
  scopegate = await startScopegate();
});
after(() => scopegate?.stop());

/** Verifies an access token against the published keys, as another service would. */
async function verify(config: client.Configuration, token: string): Promise<jose.JWTPayload> {
  const metadata = config.serverMetadata();
  const { payload, protectedHeader } = await jose.jwtVerify(
    token,
    jose.createRemoteJWKSet(new URL(metadata.jwks_uri!)),
    { issuer: metadata.issuer, audience: scopegate.audience, typ: 'at+jwt' },
  );
  assert.ok(protectedHeader.kid);
  assert.ok(isNumericDate(payload.iat) && isNumericDate(payload.exp));
  return payload;
}

describe('discovery', () => {
  it('accepts the metadata: its issuer is the URL the library was given', async () => {
    const config = await firstParty();
    const metadata = config.serverMetadata();
    assert.equal(metadata.issuer, scopegate.issuer.href.replace(/\/$/, ''));
    assert.deepEqual([...(metadata.grant_types_supported ?? [])].sort(), [
      'authorization_code',
      'client_credentials',
      'password',
      'refresh_token',
    ]);
    for (const [member, value] of Object.entries(metadata)) {
      assert.ok(!Array.isArray(value) || value.length > 0, `${member} is an empty list`);
    }
  });
});

describe('client credentials', () => {
  for (const [method, auth] of [
    ['client_secret_basic', client.ClientSecretBasic],
    ['client_secret_post', client.ClientSecretPost],
  ] as const) {
    it(`issues a token with ${method}`, async () => {
      const config = await service(auth());
      const tokens = await client.clientCredentialsGrant(config, { scope: 'items:read' });
      assert.equal(tokens.scope, 'items:read');
      assert.equal(tokens.refresh_token, undefined);
      assert.ok(typeof tokens.expiresIn() === 'number');
      const claims = await verify(config, tokens.access_token);
      assert.equal(claims.sub, scopegate.service.clientId);
    });
  }

  it('refuses a scope the client may not hold with invalid_scope', async () => {
    await assert.rejects(client.clientCredentialsGrant(await service(), { scope: 'me' }), {
      name: 'ResponseBodyError',
      error: 'invalid_scope',
    });
  });
});

describe('password grant, refresh, introspection and revocation', () => {
  it('logs in, refreshes, and refuses the consumed refresh token', async () => {
    const config = await firstParty();
    const { username, password } = scopegate.user;
    const login = await client.genericGrantRequest(config, 'password', {
      username,
      password,
      scope: 'me items',
    });
    assert.ok(login.refresh_token);
    const refreshed = await client.refreshTokenGrant(config, login.refresh_token);
    assert.equal(refreshed.scope, 'me items');
    assert.equal(
      (await verify(config, refreshed.access_token)).sub,
      (await verify(config, login.access_token)).sub,
    );
    await assert.rejects(client.refreshTokenGrant(config, login.refresh_token), {
      name: 'ResponseBodyError',
      error: 'invalid_grant',
    });
  });

  it('introspects a token, revokes it, and finds it inactive', async () => {
    const config = await firstParty();
    const { username, password } = scopegate.user;
    const { access_token } = await client.genericGrantRequest(config, 'password', {
      username,
      password,
      scope: 'me',
    });
    const introspector = await service();
    const claims = await verify(config, access_token);
    const active = await client.tokenIntrospection(introspector, access_token);
    assert.equal(active.active, true);
    assert.equal(active.iat, claims.iat);
    assert.equal(active.exp, claims.exp);
    assert.equal(active.client_id, 'first-party');

    await client.tokenRevocation(config, access_token);
    const inactive = await client.tokenIntrospection(introspector, access_token);
    assert.deepEqual({ ...inactive }, { active: false });
  });

  it('fetches a protected resource, and reports a missing scope as the challenge says', async () => {
    const config = await firstParty();
    const { username, password } = scopegate.user;
    const url = new URL('/users/me/items/', scopegate.issuer);
    const full = await client.genericGrantRequest(config, 'password', {
      username,
      password,
      scope: 'me items',
    });
    const ok = await client.fetchProtectedResource(config, full.access_token, url, 'GET');
    assert.equal(ok.status, 200);

    const narrow = await client.genericGrantRequest(config, 'password', {
      username,
      password,
      scope: 'me',
    });
    await assert.rejects(
      client.fetchProtectedResource(config, narrow.access_token, url, 'GET'),
      (error) => {
        assert.ok(error instanceof client.WWWAuthenticateChallengeError);
        assert.equal(error.status, 403);
        assert.equal(error.cause[0]?.parameters.error, 'insufficient_scope');
        assert.equal(error.cause[0]?.parameters.scope, 'me items');
        return true;
      },
    );
  });
});
