import { sign, type SignOptions } from 'jsonwebtoken';
import { TEST_JWT_SECRET, useTestApp } from './support/app';

// RFC 6750 §3 on every way a bearer token can be wrong (pins the guard's behaviour).
describe('protected routes refuse bad bearer tokens (RFC 6750)', () => {
  const app = useTestApp();
  let johndoeId: string;

  beforeAll(async () => {
    const token = await app.token('johndoe', 'secret', 'me');
    johndoeId = (await app.request('GET', '/users/me/', { token })).body.id;
  });

  /** A token as the service would issue it, with `changes` applied. */
  function forge(
    changes: { header?: object; payload?: object; options?: SignOptions; secret?: string } = {},
  ): string {
    const options: SignOptions = {
      algorithm: 'HS256',
      header: { alg: 'HS256', typ: 'at+jwt', ...changes.header },
      subject: johndoeId,
      issuer: 'scopegate',
      audience: 'scopegate-api',
      expiresIn: 600,
      jwtid: 'test-jti',
      ...changes.options,
    };
    // An option set to undefined means "leave it out".
    for (const [key, value] of Object.entries(options)) {
      if (value === undefined) delete options[key as keyof SignOptions];
    }
    return sign({ scope: 'me', ...changes.payload }, changes.secret ?? TEST_JWT_SECRET, options);
  }

  async function refusal(headers: Record<string, string>) {
    const result = await app.request('GET', '/users/me/', { headers });
    expect(result.status).toBe(401);
    return {
      challenge: result.headers.get('www-authenticate'),
      body: result.body as { error: string; error_description: string },
    };
  }

  it('accepts a well-formed token, whatever the case of the scheme name', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const result = await app.request('GET', '/users/me/', {
        headers: { authorization: `${scheme} ${forge()}` },
      });
      expect(result.status).toBe(200);
    }
  });

  it('answers a bare challenge with the route’s scope when there is no Authorization header', async () => {
    const { challenge, body } = await refusal({});
    expect(challenge).toBe('Bearer realm="scopegate", scope="me"');
    expect(body.error).toBe('unauthorized');
  });

  it.each([
    [
      'another scheme',
      'Basic am9objpzZWNyZXQ=',
      'The Authorization header must be: Bearer <access token>',
    ],
    [
      'a scheme without a token',
      'Bearer',
      'The Authorization header must be: Bearer <access token>',
    ],
    ['a token that is not a JWT', 'Bearer not-a-jwt', 'The access token is invalid (malformed)'],
  ])('answers invalid_token for %s', async (_, authorization, description) => {
    const { challenge, body } = await refusal({ authorization });
    expect(challenge).toContain('error="invalid_token"');
    expect(body).toEqual({ error: 'invalid_token', error_description: description });
  });

  it.each([
    [
      'a forged signature',
      () => forge({ secret: 'another-secret-0123456789abcdefghijklmnop' }),
      'The access token is invalid (invalid signature)',
    ],
    [
      'an expired token',
      () =>
        forge({
          payload: { exp: Math.floor(Date.now() / 1000) - 60 },
          options: { expiresIn: undefined },
        }),
      'The access token expired',
    ],
    [
      'a wrong issuer',
      () => forge({ options: { issuer: 'someone-else' } }),
      'The access token is invalid (issuer invalid)',
    ],
    [
      'a wrong audience',
      () => forge({ options: { audience: 'another-api' } }),
      'The access token is invalid (audience invalid)',
    ],
    [
      'another algorithm',
      () =>
        sign({ scope: 'me', sub: johndoeId }, TEST_JWT_SECRET, {
          algorithm: 'HS512',
          issuer: 'scopegate',
          audience: 'scopegate-api',
          expiresIn: 600,
        }),
      'The access token is invalid (invalid algorithm)',
    ],
    [
      'a token that is not an access token (typ)',
      () => forge({ header: { typ: 'JWT' } }),
      'The token is not an access token (typ must be at+jwt)',
    ],
    [
      'a token without jti',
      () => forge({ options: { jwtid: undefined } }),
      'The access token has no identifier',
    ],
    [
      'a token for an unknown user',
      () => forge({ options: { subject: '00000000-0000-4000-8000-000000000000' } }),
      'The user of this token does not exist or is disabled',
    ],
    [
      'a scope claim that is not a string',
      () => forge({ payload: { scope: ['me'] } }),
      'The scope claim must be a space-separated string',
    ],
  ])('answers invalid_token for %s', async (_, token, description) => {
    const { challenge, body } = await refusal({ authorization: `Bearer ${token()}` });
    expect(challenge).toContain('error="invalid_token"');
    expect(body).toEqual({ error: 'invalid_token', error_description: description });
  });
});
