import type { ExecutionContext } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import { OAuth2Error } from '../../core/errors/oauth2-error';
import { PasswordHasherBusyError } from '../../credentials/password-hasher';
import { demoCatalog } from '../../../test/support/demo-catalog';
import { grantRegistry } from '../../../test/support/grants';
import {
  GrantAllowedGuard,
  TokenRequestGuard,
  type TokenEndpointRequest,
} from './token-request.guard';

const grants = grantRegistry();

/** An execution context around a `POST /token` request with this form. */
function contextOf(request: Partial<TokenEndpointRequest>): ExecutionContext {
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

/** The error `run` throws, or a failure if it throws none. */
async function refusal(run: () => unknown): Promise<OAuth2Error> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(OAuth2Error);
    return error as OAuth2Error;
  }
  throw new Error('expected a refusal');
}

describe('TokenRequestGuard', () => {
  const guard = new TokenRequestGuard(demoCatalog, grants);
  const request = (body: unknown): Partial<TokenEndpointRequest> => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    query: {},
  });

  it('lets a well-formed request through with its grant handler and scopes', () => {
    const incoming = request({ grant_type: 'client_credentials', scope: 'items:read' });
    expect(guard.canActivate(contextOf(incoming))).toBe(true);
    expect(incoming.tokenRequest?.grant).toBe(grants.get('client_credentials'));
    expect(incoming.tokenRequest?.requestedScopes).toEqual(['items:read']);
  });

  it('refuses an unknown scope before any client is looked at', async () => {
    const error = await refusal(() =>
      guard.canActivate(contextOf(request({ grant_type: 'client_credentials', scope: 'x:y' }))),
    );
    expect(error.body.error).toBe('invalid_scope');
  });
});

describe('GrantAllowedGuard', () => {
  const guard = new GrantAllowedGuard();
  const client = { clientId: 'svc', grantTypes: ['client_credentials'] } as unknown as Client;

  it('refuses a grant the client may not use with unauthorized_client', async () => {
    const incoming = {
      tokenRequest: { grant: grants.get('refresh_token')!, requestedScopes: undefined },
      oauth2Client: { client, basic: true },
    } as Partial<TokenEndpointRequest>;
    const error = await refusal(() => guard.canActivate(contextOf(incoming)));
    expect(error.body.error).toBe('unauthorized_client');
  });

  it('lets a grant that checks no password through once the client may use it', async () => {
    const incoming = {
      tokenRequest: { grant: grants.get('client_credentials')!, requestedScopes: undefined },
      oauth2Client: { client, basic: true },
    } as Partial<TokenEndpointRequest>;
    await expect(guard.canActivate(contextOf(incoming))).resolves.toBe(true);
  });

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
