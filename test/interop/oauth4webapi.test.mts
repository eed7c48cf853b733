/**
 * Scopegate through panva's oauth4webapi, the spec-strict OAuth 2.0 client: discovery (which
 * checks the issuer itself), every grant Scopegate serves, revocation, introspection, RFC 9068
 * validation of every access token, and a protected resource with its RFC 6750 challenge.
 * Nothing is relaxed but plain `http` on loopback (`allowInsecureRequests`).
 */
import * as jose from 'jose';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oauth from 'oauth4webapi';
import { isNumericDate, startScopegate, type RunningScopegate } from './scopegate.mjs';

const insecure = { [oauth.allowInsecureRequests]: true } as const;

let scopegate: RunningScopegate;
let as: oauth.AuthorizationServer;
/** The built-in public client that the tutorial and Swagger UI use. */
const firstParty: oauth.Client = { client_id: 'first-party' };

before(async () => {
  scopegate = await startScopegate();
  as = await oauth.processDiscoveryResponse(
    scopegate.issuer,
    await oauth.discoveryRequest(scopegate.issuer, { algorithm: 'oauth2', ...insecure }),
  );
});
after(() => scopegate?.stop());

/** Checks an access token as a resource server would: RFC 9068 by oauth4webapi, then jose. */
async function validateAccessToken(token: string): Promise<oauth.JWTAccessTokenClaims> {
  const request = new Request(new URL('/users/me/', scopegate.issuer), {
    headers: { authorization: `Bearer ${token}` },
  });
  const claims = await oauth.validateJwtAccessToken(as, request, scopegate.audience, insecure);
  const jwks = jose.createRemoteJWKSet(new URL(as.jwks_uri!));
  const verified = await jose.jwtVerify(token, jwks, {
    issuer: as.issuer,
    audience: scopegate.audience,
    typ: 'at+jwt',
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'],
  });
  assert.deepEqual(verified.payload, claims);
  assert.ok(isNumericDate(claims.iat), `iat ${claims.iat} is not in whole seconds`);
  assert.ok(isNumericDate(claims.exp), `exp ${claims.exp} is not in whole seconds`);
  return claims;
}

async function passwordGrant(scope: string): Promise<oauth.TokenEndpointResponse> {
  const { username, password } = scopegate.user;
  const response = await oauth.genericTokenEndpointRequest(
    as,
    firstParty,
    oauth.None(),
    'password',
    { username, password, scope },
    insecure,
  );
  return oauth.processGenericTokenEndpointResponse(as, firstParty, response);
}

describe('discovery', () => {
  it('finds the metadata at the issuer, whose issuer the library compares with its own', () => {
    assert.equal(as.issuer, scopegate.issuer.href.replace(/\/$/, ''));
    assert.equal(as.token_endpoint, `${as.issuer}/token`);
    assert.ok(as.scopes_supported?.includes('items:read'));
  });

  it('is refused by the library when it expected another issuer', async () => {
    const response = await oauth.discoveryRequest(scopegate.issuer, {
      algorithm: 'oauth2',
      ...insecure,
    });
    const other = new URL('https://auth.example.com');
    await assert.rejects(oauth.processDiscoveryResponse(other, response), {
      code: oauth.JSON_ATTRIBUTE_COMPARISON,
    });
  });
});

describe('client credentials', () => {
  for (const [method, auth] of [
    ['client_secret_basic', oauth.ClientSecretBasic],
    ['client_secret_post', oauth.ClientSecretPost],
  ] as const) {
    it(`issues a token to a client authenticating with ${method}`, async () => {
      const client: oauth.Client = { client_id: scopegate.service.clientId };
      const response = await oauth.clientCredentialsGrantRequest(
        as,
        client,
        auth(scopegate.service.secret),
        { scope: 'items:read' },
        insecure,
      );
      const result = await oauth.processClientCredentialsResponse(as, client, response);
      assert.equal(result.token_type, 'bearer');
      assert.equal(result.scope, 'items:read');
      assert.equal(result.refresh_token, undefined);
      const claims = await validateAccessToken(result.access_token);
      assert.equal(claims.sub, scopegate.service.clientId);
      assert.equal(claims.client_id, scopegate.service.clientId);
    });
  }

  it('reports a wrong secret as invalid_client', async () => {
    const client: oauth.Client = { client_id: scopegate.service.clientId };
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(`${scopegate.service.secret}x`),
      {},
      insecure,
    );
    await assert.rejects(oauth.processClientCredentialsResponse(as, client, response), (error) => {
      assert.ok(error instanceof oauth.WWWAuthenticateChallengeError);
      assert.equal(error.status, 401);
      assert.equal(error.cause[0]?.scheme, 'basic');
      return true;
    });
  });
});

describe('password grant and refresh', () => {
  it('logs in, rotates the refresh token, and refuses the old one with invalid_grant', async () => {
    const login = await passwordGrant('me items');
    assert.equal(login.scope, 'me items');
    assert.ok(login.refresh_token);
    const claims = await validateAccessToken(login.access_token);
    assert.equal(claims.client_id, 'first-party');

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      firstParty,
      await oauth.refreshTokenGrantRequest(
        as,
        firstParty,
        oauth.None(),
        login.refresh_token,
        insecure,
      ),
    );
    assert.ok(refreshed.refresh_token);
    assert.notEqual(refreshed.refresh_token, login.refresh_token);
    assert.equal((await validateAccessToken(refreshed.access_token)).sub, claims.sub);

    const replay = await oauth.refreshTokenGrantRequest(
      as,
      firstParty,
      oauth.None(),
      login.refresh_token,
      insecure,
    );
    await assert.rejects(oauth.processRefreshTokenResponse(as, firstParty, replay), {
      name: 'ResponseBodyError',
      error: 'invalid_grant',
      status: 400,
    });
  });
});

describe('introspection and revocation', () => {
  const service = (): oauth.Client => ({ client_id: scopegate.service.clientId });
  const auth = () => oauth.ClientSecretBasic(scopegate.service.secret);

  async function introspect(token: string): Promise<oauth.IntrospectionResponse> {
    const response = await oauth.introspectionRequest(as, service(), auth(), token, insecure);
    return oauth.processIntrospectionResponse(as, service(), response);
  }

  it('describes an active access token with the same instants as the token itself', async () => {
    const { access_token } = await passwordGrant('me');
    const claims = await validateAccessToken(access_token);
    const described = await introspect(access_token);
    assert.equal(described.active, true);
    assert.equal(described.sub, claims.sub);
    assert.equal(described.iss, as.issuer);
    assert.equal(described.iat, claims.iat);
    assert.equal(described.exp, claims.exp);
    assert.equal(described.scope, 'me');
  });

  it('revokes an access token: inactive afterwards, and refused by the resource', async () => {
    const { access_token } = await passwordGrant('me');
    const response = await oauth.revocationRequest(
      as,
      firstParty,
      oauth.None(),
      access_token,
      insecure,
    );
    assert.equal(await oauth.processRevocationResponse(response), undefined);
    assert.deepEqual(await introspect(access_token), { active: false });
    await assert.rejects(
      oauth.protectedResourceRequest(
        access_token,
        'GET',
        new URL('/users/me/', as.issuer),
        undefined,
        undefined,
        insecure,
      ),
      (error) => {
        assert.ok(error instanceof oauth.WWWAuthenticateChallengeError);
        assert.equal(error.status, 401);
        assert.equal(error.cause[0]?.parameters.error, 'invalid_token');
        return true;
      },
    );
  });

  it('revokes a refresh token, hinted as one', async () => {
    const { refresh_token } = await passwordGrant('me');
    assert.ok(refresh_token);
    const response = await oauth.revocationRequest(as, firstParty, oauth.None(), refresh_token, {
      ...insecure,
      additionalParameters: { token_type_hint: 'refresh_token' },
    });
    await oauth.processRevocationResponse(response);
    assert.deepEqual(await introspect(refresh_token), { active: false });
  });
});

describe('a protected resource', () => {
  const items = () => new URL('/users/me/items/', as.issuer);

  it('answers a token that holds me and items', async () => {
    const { access_token } = await passwordGrant('me items');
    const response = await oauth.protectedResourceRequest(
      access_token,
      'GET',
      items(),
      undefined,
      undefined,
      insecure,
    );
    assert.equal(response.status, 200);
    assert.ok(Array.isArray(await response.json()));
  });

  it('challenges a token without items: insufficient_scope, naming every required scope', async () => {
    const { access_token } = await passwordGrant('me');
    await assert.rejects(
      oauth.protectedResourceRequest(access_token, 'GET', items(), undefined, undefined, insecure),
      (error) => {
        assert.ok(error instanceof oauth.WWWAuthenticateChallengeError);
        assert.equal(error.status, 403);
        const [challenge] = error.cause;
        assert.equal(challenge?.scheme, 'bearer');
        assert.equal(challenge?.parameters.error, 'insufficient_scope');
        assert.equal(challenge?.parameters.scope, 'me items');
        return true;
      },
    );
  });
});
