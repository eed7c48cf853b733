import { ScopeCatalog } from '../scopes/scope-catalog';
import { PasswordHasherBusyError } from '../credentials/password-hasher';
import { OAuth2Error } from '../core/errors/oauth2-error';
import type { ClientAuthentication } from './client-authentication';
import { TokenRequestGuard } from './token-request.guard';

describe('TokenRequestGuard', () => {
  const guard = new TokenRequestGuard(
    ScopeCatalog.fromDeclarations([]),
    {} as ClientAuthentication,
  );

  it('answers 503 temporarily_unavailable with Retry-After when password checks are saturated', () => {
    let thrown: unknown;
    try {
      guard.handleRequest(new PasswordHasherBusyError(), false);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OAuth2Error);
    const error = thrown as OAuth2Error;
    expect(error.getStatus()).toBe(503);
    expect(error.body).toEqual({
      error: 'temporarily_unavailable',
      error_description: expect.any(String),
    });
    expect(error.headers).toMatchObject({ 'Retry-After': '1', 'Cache-Control': 'no-store' });
  });

  it('answers invalid_grant when the credentials are wrong', () => {
    expect(() => guard.handleRequest(null, false)).toThrow(
      expect.objectContaining({ body: expect.objectContaining({ error: 'invalid_grant' }) }),
    );
  });
});
