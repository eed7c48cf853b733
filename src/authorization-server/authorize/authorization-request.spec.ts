import { demoCatalog } from '../../../test/support/demo-catalog';
import { Client } from '../../clients/client.entity';
import { checkAuthorizationRequest } from './authorization-request';

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

const spa = Object.assign(new Client(), {
  clientId: 'spa',
  name: 'SPA',
  type: 'public',
  secretHash: null,
  grantTypes: ['authorization_code'],
  scopes: ['me', 'items'],
  redirectUris: ['https://spa.example/cb', 'http://127.0.0.1/cb'],
  consentRequired: true,
  mayIntrospect: false,
  disabled: false,
} satisfies Partial<Client>);

const find = (clientId: string) => Promise.resolve(clientId === 'spa' ? spa : null);

const valid = {
  response_type: 'code',
  client_id: 'spa',
  redirect_uri: 'https://spa.example/cb',
  scope: 'me items',
  state: 'abc',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
};

const check = (params: Record<string, unknown>) =>
  checkAuthorizationRequest(params, find, demoCatalog);

describe('checkAuthorizationRequest', () => {
  it('keeps what it validated, and whether redirect_uri was sent', async () => {
    expect(await check(valid)).toEqual({
      client: spa,
      validated: {
        clientId: 'spa',
        redirectUri: 'https://spa.example/cb',
        redirectUriSent: true,
        scope: ['me', 'items'],
        state: 'abc',
        codeChallenge: CHALLENGE,
        prompt: [],
        maxAge: null,
        nonce: null,
        loginHint: null,
      },
    });
  });

  it('judges the client and the redirect URI before anything else: a page', async () => {
    // Every other parameter is wrong too; the page comes first, and says why.
    const wrong = { response_type: 'token', code_challenge_method: 'plain' };
    expect(await check({ ...valid, ...wrong, client_id: 'nobody' })).toEqual({
      kind: 'page',
      detail: expect.stringContaining('unknown'),
    });
    expect(await check({ ...valid, ...wrong, redirect_uri: 'https://evil.example/cb' })).toEqual({
      kind: 'page',
      detail: expect.stringContaining('not registered'),
    });
    expect(await check({ ...valid, client_id: ['spa', 'spa'] })).toMatchObject({ kind: 'page' });
  });

  it('then refuses by redirect, with the state as sent', async () => {
    expect(await check({ ...valid, response_type: 'token' })).toEqual({
      kind: 'redirect',
      redirectUri: 'https://spa.example/cb',
      state: 'abc',
      failure: { error: 'unsupported_response_type', description: expect.any(String) },
    });
  });

  it('reports a repeated parameter as such, without echoing a repeated state', async () => {
    expect(await check({ ...valid, state: ['a', 'b'] })).toMatchObject({
      kind: 'redirect',
      state: null,
      failure: { error: 'invalid_request', description: expect.stringContaining('state') },
    });
  });

  it('keeps the exact loopback URI sent on another port, and reads prompt and max_age', async () => {
    const result = await check({
      ...valid,
      redirect_uri: 'http://127.0.0.1:6000/cb',
      prompt: 'login consent',
      max_age: '0',
    });
    expect(result).toMatchObject({
      validated: {
        redirectUri: 'http://127.0.0.1:6000/cb',
        prompt: ['login', 'consent'],
        maxAge: 0,
      },
    });
  });

  it('takes the one registered URI when none is sent only if there is exactly one', async () => {
    expect(await check({ ...valid, redirect_uri: undefined })).toMatchObject({ kind: 'page' });
    const single = Object.assign(new Client(), {
      ...spa,
      redirectUris: ['https://spa.example/cb'],
    });
    const result = await checkAuthorizationRequest(
      { ...valid, redirect_uri: '' },
      () => Promise.resolve(single),
      demoCatalog,
    );
    expect(result).toMatchObject({
      validated: { redirectUri: 'https://spa.example/cb', redirectUriSent: false },
    });
  });
});
