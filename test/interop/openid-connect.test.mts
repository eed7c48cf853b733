/**
 * "Sign in with Scopegate" through a real Relying Party: panva's openid-client (v6) with its
 * non-repudiation checks on (the ID token's signature verified against the JWKS) and nothing
 * relaxed but plain `http` on loopback. Discovery with the `oidc` algorithm, the code flow with
 * PKCE, `state` and `nonce`, the ID token's claims, UserInfo by scope, refresh; the browser's
 * part over plain HTTP.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import { Browser } from '../support/browser.js';
import { startScopegate, type RunningScopegate } from './scopegate.mjs';

let scopegate: RunningScopegate;
let config: client.Configuration;
const redirectUri = 'http://127.0.0.1:49153/callback';

before(async () => {
  scopegate = await startScopegate();
  config = await client.discovery(scopegate.issuer, 'demo-spa', undefined, client.None(), {
    execute: [client.allowInsecureRequests],
  });
  client.enableNonRepudiationChecks(config);
});
after(() => scopegate?.stop());

/** The user's part in a browser: sign in, allow; the callback URL the RP receives. */
async function signIn(url: URL, browser = new Browser(scopegate.issuer.href)): Promise<URL> {
  let page = await browser.get(url.href);
  if (page.location?.includes('/login?')) {
    const login = await browser.get(page.location);
    page = await browser.signIn(login, scopegate.user.username, scopegate.user.password);
  }
  if (page.location?.includes('/consent?')) {
    page = await browser.consent(await browser.get(page.location), 'allow');
  }
  assert.ok(page.location?.startsWith(redirectUri), `not back at the client: ${page.location}`);
  return new URL(page.location!);
}

async function codeFlow(scope: string, withNonce: boolean, browser?: Browser) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = withNonce ? client.randomNonce() : undefined;
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...(nonce ? { nonce } : {}),
  });
  const callback = await signIn(url, browser);
  const tokens = await client.authorizationCodeGrant(
    config,
    callback,
    {
      pkceCodeVerifier: verifier,
      expectedState: state,
      ...(nonce ? { expectedNonce: nonce } : {}),
      idTokenExpected: true,
      maxAge: 3600,
    },
    { redirect_uri: redirectUri },
  );
  return { tokens, nonce };
}

function atHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken).digest();
  return digest.subarray(0, 16).toString('base64url');
}

/** A JWT's header (0) or payload (1), decoded. */
function partOf(jwt: string, part: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[part], 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

describe('openid-client as the Relying Party', () => {
  it('discovers the provider from /.well-known/openid-configuration', () => {
    const metadata = config.serverMetadata();
    assert.equal(metadata.issuer, scopegate.issuer.href.replace(/\/$/, ''));
    assert.deepEqual(metadata.id_token_signing_alg_values_supported, ['RS256', 'ES256']);
    assert.ok(metadata.userinfo_endpoint);
    assert.deepEqual(metadata.subject_types_supported, ['public']);
  });

  it('signs in with PKCE, state and nonce, and the ID token says who and when', async () => {
    const { tokens, nonce } = await codeFlow('openid profile email me', true);
    const claims = tokens.claims()!;
    const access = partOf(tokens.access_token, 1);
    assert.equal(claims.sub, access.sub);
    assert.equal(claims.aud, 'demo-spa');
    assert.equal(claims.nonce, nonce);
    assert.ok(typeof claims.auth_time === 'number' && claims.auth_time <= Date.now() / 1000);
    assert.equal(claims.at_hash, atHash(tokens.access_token));
    assert.deepEqual(claims.amr, ['pwd']);
    assert.equal(typeof claims.sid, 'string');
    const header = partOf(tokens.id_token!, 0);
    assert.equal(header.alg, 'RS256');
    assert.equal(header.typ, 'JWT');

    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(userinfo.sub, claims.sub);
    assert.equal(userinfo.preferred_username, scopegate.user.username);
    assert.ok('email' in userinfo);

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    const again = refreshed.claims()!;
    assert.equal(again.sub, claims.sub);
    assert.equal(again.auth_time, claims.auth_time);
    assert.equal(again.sid, claims.sid);
    assert.equal(again.nonce, undefined);

    // An ID token is never an access token.
    const asBearer = await fetch(new URL('/users/me/', scopegate.issuer), {
      headers: { authorization: `Bearer ${tokens.id_token}` },
    });
    assert.equal(asBearer.status, 401);
  });

  it('without nonce the ID token has none; without email UserInfo says no email', async () => {
    const { tokens } = await codeFlow('openid profile', false);
    const claims = tokens.claims()!;
    assert.equal(claims.nonce, undefined);
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(userinfo.preferred_username, scopegate.user.username);
    assert.equal(userinfo.email, undefined);
  });

  it('refuses UserInfo to a token without openid with the library’s 403 challenge', async () => {
    const { username, password } = scopegate.user;
    const form = new URLSearchParams({ grant_type: 'password', username, password, scope: 'me' });
    const token = (await (
      await fetch(new URL('/token', scopegate.issuer), { method: 'POST', body: form })
    ).json()) as { access_token: string };
    await assert.rejects(
      client.fetchUserInfo(config, token.access_token, client.skipSubjectCheck),
      (error) => {
        assert.ok(error instanceof client.WWWAuthenticateChallengeError);
        assert.equal(error.status, 403);
        assert.equal(error.cause[0]?.parameters.error, 'insufficient_scope');
        assert.equal(error.cause[0]?.parameters.scope, 'openid');
        return true;
      },
    );
  });
});

describe('openid-client: RP-Initiated Logout', () => {
  it('builds the end-session URL; the confirmation page signs out and sends the browser back with state', async () => {
    const browser = new Browser(scopegate.issuer.href);
    const { tokens } = await codeFlow('openid', true, browser);
    const state = client.randomState();
    const url = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: 'https://demo-spa.example/signed-out',
      state,
    });
    const page = await browser.get(url.href);
    // The hint names this very session: signed out at once, back with state.
    assert.equal(page.status, 302);
    assert.equal(page.location, `https://demo-spa.example/signed-out?state=${state}`);

    // Signed out: prompt=none now answers login_required.
    const verifier = client.randomPKCECodeVerifier();
    const silent = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'silent',
      prompt: 'none',
    });
    const back = await browser.get(silent.href);
    assert.equal(new URL(back.location!).searchParams.get('error'), 'login_required');
  });

  it('asks for confirmation without a hint, and the CSRF-checked form sends the browser back', async () => {
    const browser = new Browser(scopegate.issuer.href);
    await codeFlow('openid', true, browser);
    const url = client.buildEndSessionUrl(config, {
      post_logout_redirect_uri: 'https://demo-spa.example/signed-out',
      state: 's+/=',
    });
    const confirm = await browser.get(url.href);
    assert.equal(confirm.status, 200);
    const signedOut = await browser.post('/logout', { ...confirm.fields });
    assert.equal(signedOut.status, 303);
    assert.equal(signedOut.location, 'https://demo-spa.example/signed-out?state=s%2B%2F%3D');
    const unregistered = await browser.get(
      client.buildEndSessionUrl(config, { post_logout_redirect_uri: 'https://evil.example/' }).href,
    );
    assert.equal(unregistered.status, 400);
    assert.equal(unregistered.location, null);
  });
});

describe('oauth4webapi: the ID token', () => {
  it('processes the code response with an expected nonce and validates the ID token claims', async () => {
    const oauth = await import('oauth4webapi');
    const insecure = { [oauth.allowInsecureRequests]: true } as const;
    const as = await oauth.processDiscoveryResponse(
      scopegate.issuer,
      await oauth.discoveryRequest(scopegate.issuer, { algorithm: 'oidc', ...insecure }),
    );
    const spa: import('oauth4webapi').Client = { client_id: 'demo-spa' };
    const verifier = oauth.generateRandomCodeVerifier();
    const nonce = oauth.generateRandomNonce();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint!);
    for (const [name, value] of Object.entries({
      response_type: 'code',
      client_id: 'demo-spa',
      redirect_uri: redirectUri,
      scope: 'openid profile',
      state,
      nonce,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    })) {
      url.searchParams.set(name, value);
    }
    const callback = await signIn(url);
    const params = oauth.validateAuthResponse(as, spa, callback, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      spa,
      oauth.None(),
      params,
      redirectUri,
      verifier,
      insecure,
    );
    const result = await oauth.processAuthorizationCodeResponse(as, spa, response, {
      expectedNonce: nonce,
      requireIdToken: true,
    });
    const claims = oauth.getValidatedIdTokenClaims(result)!;
    assert.equal(claims.nonce, nonce);
    assert.equal(claims.aud, 'demo-spa');
    assert.equal(claims.iss, as.issuer);
  });
});
