import { bearerCredentialsOf, formCredentialsOf, MAX_AUTHORIZATION_LENGTH } from './bearer-token';

describe('bearerCredentialsOf', () => {
  it('takes the token of a Bearer header, the scheme in any case', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      expect(bearerCredentialsOf(`${scheme} abc.def-_~+/=`)).toEqual({
        kind: 'token',
        token: 'abc.def-_~+/=',
      });
    }
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', 'Basic am9objpzZWNyZXQ='],
    ['a bare token', 'abc.def.ghi'],
  ])('sees no bearer credentials in %s', (_, header) => {
    expect(bearerCredentialsOf(header)).toEqual({ kind: 'none' });
  });

  it.each([
    ['a scheme without a token', 'Bearer'],
    ['two tokens', 'Bearer a.b.c, Bearer d.e.f'],
    ['characters outside b64token', 'Bearer a"b'],
  ])('calls %s malformed', (_, header) => {
    expect(bearerCredentialsOf(header)).toEqual({ kind: 'malformed' });
  });

  it('refuses a header longer than the limit before parsing it', () => {
    const header = `Bearer ${'a'.repeat(MAX_AUTHORIZATION_LENGTH)}`;
    expect(bearerCredentialsOf(header)).toEqual({ kind: 'too-long' });
  });
});

describe('formCredentialsOf', () => {
  it('takes a b64token, and calls anything else malformed or too long', () => {
    expect(formCredentialsOf('abc.def')).toEqual({ kind: 'token', token: 'abc.def' });
    expect(formCredentialsOf('a b')).toEqual({ kind: 'malformed' });
    expect(formCredentialsOf('a'.repeat(MAX_AUTHORIZATION_LENGTH + 1))).toEqual({
      kind: 'too-long',
    });
  });
});
