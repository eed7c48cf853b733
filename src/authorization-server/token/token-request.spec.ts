import { OAuth2Error } from '../../core/errors/oauth2-error';
import { demoCatalog } from '../../../test/support/demo-catalog';
import { grantRegistry } from '../../../test/support/grants';
import { oauth2Form } from '../common/oauth2-form';
import { checkTokenRequest as checkForm } from './token-request';

const catalog = demoCatalog;
const grants = grantRegistry();

/** The checks of a token request as the guard makes them, from the raw body on. */
function checkTokenRequest(contentType: string | undefined, body: unknown) {
  const { grant, requestedScopes } = checkForm(oauth2Form(contentType, body), catalog, grants);
  return { grantType: grant.grantType, requestedScopes };
}

const FORM = 'application/x-www-form-urlencoded';
const VALID = { grant_type: 'password', username: 'johndoe', password: 'secret' };

/** The OAuth2 error `checkTokenRequest` throws, or a failure if it accepts the request. */
function refusal(contentType: string | undefined, form: unknown): OAuth2Error {
  try {
    checkTokenRequest(contentType, form);
  } catch (error) {
    expect(error).toBeInstanceOf(OAuth2Error);
    return error as OAuth2Error;
  }
  throw new Error('expected the token request to be refused');
}

describe('checkTokenRequest', () => {
  it('answers 400 with Cache-Control: no-store and Pragma: no-cache', () => {
    const error = refusal(FORM, {});
    expect(error.getStatus()).toBe(400);
    expect(error.headers).toMatchObject({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    expect(error.getResponse()).toEqual(error.body);
  });

  it.each([
    ['JSON', 'application/json'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['a look-alike', 'application/x-www-form-urlencodedx'],
    ['no content type', undefined],
  ])('refuses a body sent as %s with invalid_request', (_, contentType) => {
    const error = refusal(contentType, VALID);
    expect(error.body.error).toBe('invalid_request');
    expect(error.body.error_description).toMatch(/x-www-form-urlencoded/);
  });

  it('accepts the form content type with a charset, in any case', () => {
    expect(
      checkTokenRequest('Application/X-WWW-Form-Urlencoded; charset=UTF-8', VALID),
    ).toMatchObject({ grantType: 'password', requestedScopes: undefined });
  });

  it('refuses a body that is not a form object with invalid_request', () => {
    expect(refusal(FORM, undefined).body.error).toBe('invalid_request');
    expect(refusal(FORM, ['grant_type=password']).body.error).toBe('invalid_request');
  });

  it('refuses a missing grant_type with invalid_request', () => {
    expect(refusal(FORM, { ...VALID, grant_type: undefined }).body).toEqual({
      error: 'invalid_request',
      error_description: 'Missing parameter: grant_type',
    });
  });

  it('refuses another grant_type with unsupported_grant_type', () => {
    const deviceCode = 'urn:ietf:params:oauth:grant-type:device_code';
    const error = refusal(FORM, { ...VALID, grant_type: deviceCode });
    expect(error.getStatus()).toBe(400);
    expect(error.body).toEqual({
      error: 'unsupported_grant_type',
      error_description: `Grant type "${deviceCode}" is not supported; use authorization_code, password, refresh_token or client_credentials`,
    });
  });

  it('refuses a refresh_token grant without refresh_token with invalid_request', () => {
    expect(refusal(FORM, { grant_type: 'refresh_token' }).body).toEqual({
      error: 'invalid_request',
      error_description: 'Missing parameter: refresh_token',
    });
  });

  it.each([
    ['client_credentials', {}],
    ['refresh_token', { refresh_token: 'x' }],
  ])('accepts a %s grant with no username or password', (grantType, fields) => {
    expect(checkTokenRequest(FORM, { grant_type: grantType, ...fields }).grantType).toBe(grantType);
  });

  it.each(['username', 'password'])('refuses a missing %s with invalid_request', (field) => {
    const error = refusal(FORM, { ...VALID, [field]: undefined });
    expect(error.body).toEqual({
      error: 'invalid_request',
      error_description: `Missing parameter: ${field}`,
    });
  });

  it.each(['username', 'password'])('refuses an empty %s with invalid_request', (field) => {
    expect(refusal(FORM, { ...VALID, [field]: '' }).body.error).toBe('invalid_request');
  });

  it.each(['grant_type', 'username', 'password', 'scope'])(
    'refuses a repeated %s parameter with invalid_request',
    (field) => {
      const error = refusal(FORM, { ...VALID, [field]: ['a', 'b'] });
      expect(error.body).toEqual({
        error: 'invalid_request',
        error_description: `Parameter ${field} must be sent exactly once`,
      });
    },
  );

  it('refuses a scope missing from the catalog with invalid_scope', () => {
    const error = refusal(FORM, { ...VALID, scope: 'me items:fly' });
    expect(error.getStatus()).toBe(400);
    expect(error.body).toEqual({
      error: 'invalid_scope',
      error_description: 'Unknown scope "items:fly"',
    });
  });

  it.each([
    ['a double quote', 'me "items"'],
    ['a backslash', 'me items\\read'],
    ['a tab', 'me\titems'],
  ])('refuses a scope containing %s with invalid_scope', (_, scope) => {
    const error = refusal(FORM, { ...VALID, scope });
    expect(error.body.error).toBe('invalid_scope');
    expect(error.body.error_description).toMatch(/^Malformed scope /);
  });

  it('returns the requested scopes without duplicates, in request order', () => {
    expect(
      checkTokenRequest(FORM, { ...VALID, scope: 'items me  items me' }).requestedScopes,
    ).toEqual(['items', 'me']);
  });

  it.each([
    ['omitted', undefined],
    ['empty', ''],
    ['blank', '   '],
  ])('returns no requested scopes when scope is %s', (_, scope) => {
    expect(checkTokenRequest(FORM, { ...VALID, scope }).requestedScopes).toBeUndefined();
  });
});
