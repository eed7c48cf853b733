/**
 * The authorization-code flow with PKCE through oauth4webapi: the client's half by the library
 * (PKCE helpers, the authorization URL from the metadata, `validateAuthResponse` — which checks
 * `iss` (RFC 9207) and `state` — the code exchange and its processing, refresh), and the
 * browser's half over plain HTTP (a cookie jar, the login form's fields, the consent form).
 * Nothing is relaxed but plain `http` on loopback (`allowInsecureRequests`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oauth from 'oauth4webapi';
import { Browser } from '../support/browser.js';
import { startScopegate, type RunningScopegate } from './scopegate.mjs';

const insecure = { [oauth.allowInsecureRequests]: true } as const;

let scopegate: RunningScopegate;
let as: oauth.AuthorizationServer;
/** The demo's public single-page app (authorization_code + refresh_token, consent). */
const spa: oauth.Client = { client_id: 'demo-spa' };
/** A loopback redirect URI on a port of the app's choosing (RFC 8252 §7.3). */
const redirectUri = 'http://127.0.0.1:49152/callback';

before(async () => {
  scopegate = await startScopegate();
  as = await oauth.processDiscoveryResponse(
    scopegate.issuer,
    await oauth.discoveryRequest(scopegate.issuer, { algorithm: 'oauth2', ...insecure }),
  );
});
after(() => scopegate?.stop());

/** The authorization URL the library's values give, and what the client keeps. */
async function authorizationRequest(scope = 'me items', extra: Record<string, string> = {}) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint!);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', spa.client_id);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', scope);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, value);
  return { url, verifier, state };
}

/** The user's part, in a browser: the login page, then the consent page if shown. */
async function userSignsIn(browser: Browser, url: URL, decision: 'allow' | 'deny' = 'allow') {
  const started = await browser.get(url.href);
  assert.equal(started.status, 302);
  let page = await browser.get(started.location!);
  assert.equal(page.status, 200);
  const signedIn = await browser.signIn(page, scopegate.user.username, scopegate.user.password);
  assert.equal(signedIn.status, 303);
  if (!signedIn.location!.startsWith(redirectUri)) {
    page = await browser.get(signedIn.location!);
    const decided = await browser.consent(page, decision);
    assert.equal(decided.status, 303);
    return new URL(decided.location!);
  }
  return new URL(signedIn.location!);
}

describe('oauth4webapi: the authorization-code flow', () => {
  it('reads the code flow from the metadata', () => {
    assert.equal(as.authorization_endpoint, new URL('/authorize', scopegate.issuer).href);
    assert.deepEqual(as.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(as.response_types_supported, ['code']);
    assert.equal(as.authorization_response_iss_parameter_supported, true);
    assert.ok(as.grant_types_supported?.includes('authorization_code'));
  });

  it('signs in, validates the response (iss, state) and exchanges the code', async () => {
    const { url, verifier, state } = await authorizationRequest();
    const callback = await userSignsIn(new Browser(scopegate.issuer.href), url);
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
    const tokens = await oauth.processAuthorizationCodeResponse(as, spa, response);
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(tokens.scope, 'me items');
    assert.ok(tokens.refresh_token);
    const request = new Request(new URL('/users/me/', scopegate.issuer), {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    const claims = await oauth.validateJwtAccessToken(as, request, scopegate.audience, insecure);
    assert.equal(claims.client_id, 'demo-spa');

    const me = await oauth.protectedResourceRequest(
      tokens.access_token,
      'GET',
      new URL('/users/me/', scopegate.issuer),
      undefined,
      undefined,
      insecure,
    );
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { sub?: string; id: string }).id, claims.sub);

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      spa,
      await oauth.refreshTokenGrantRequest(as, spa, oauth.None(), tokens.refresh_token, insecure),
    );
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token);

    // The same code again: refused, and what it issued is revoked.
    const replay = await oauth.authorizationCodeGrantRequest(
      as,
      spa,
      oauth.None(),
      params,
      redirectUri,
      verifier,
      insecure,
    );
    await assert.rejects(oauth.processAuthorizationCodeResponse(as, spa, replay), (error) => {
      assert.ok(error instanceof oauth.ResponseBodyError);
      assert.equal(error.error, 'invalid_grant');
      return true;
    });
  });

  it('single sign-on: the second request comes straight back with a code', async () => {
    const browser = new Browser(scopegate.issuer.href);
    const first = await authorizationRequest();
    await userSignsIn(browser, first.url);
    const { url, state } = await authorizationRequest();
    const back = await browser.get(url.href);
    assert.equal(back.status, 302);
    const params = oauth.validateAuthResponse(as, spa, new URL(back.location!), state);
    assert.ok(params.get('code'));
  });

  it('hands a denial to the library as an authorization response error', async () => {
    // prompt=consent: the consent page even though the user allowed these scopes before.
    const { url, state } = await authorizationRequest('me', { prompt: 'consent' });
    const callback = await userSignsIn(new Browser(scopegate.issuer.href), url, 'deny');
    assert.throws(
      () => oauth.validateAuthResponse(as, spa, callback, state),
      (error) => {
        assert.ok(error instanceof oauth.AuthorizationResponseError);
        assert.equal(error.error, 'access_denied');
        return true;
      },
    );
  });

  it('lets the library refuse a response from another issuer or with another state', async () => {
    const { url, state } = await authorizationRequest();
    const callback = await userSignsIn(new Browser(scopegate.issuer.href), url);
    const forged = new URL(callback);
    forged.searchParams.set('iss', 'https://evil.example');
    assert.throws(() => oauth.validateAuthResponse(as, spa, forged, state));
    assert.throws(() => oauth.validateAuthResponse(as, spa, callback, 'another-state'));
  });
});
