import type { Client } from '../../clients/client.entity';
import type { ClientsService } from '../../clients/clients.service';
import type { ThrottlingConfig } from '../../config/throttling.config';
import { OAuth2Error } from '../../core/errors/oauth2-error';
import type { SharedState } from '../../redis/shared-state';
import { AccountLockout } from './account-lockout';
import { ClientAuthentication } from './client-authentication';
import { OAuth2Form } from './oauth2-form';

const client = (fields: Partial<Client>): Client =>
  ({ grantTypes: [], scopes: [], disabled: false, ...fields }) as Client;

const FIRST_PARTY = client({ clientId: 'first-party', type: 'public' });
const CLIENTS: Record<string, Client> = {
  service: client({ clientId: 'service', type: 'confidential', secretHash: 'hash' }),
  'with space': client({ clientId: 'with space', type: 'confidential', secretHash: 'hash' }),
  mobile: client({ clientId: 'mobile', type: 'public' }),
  off: client({ clientId: 'off', type: 'confidential', secretHash: 'hash', disabled: true }),
};
const SECRET = 's3cr:et+/';

function authentication() {
  const checks: string[] = [];
  const clients = {
    publicClient: FIRST_PARTY,
    find: (id: string) => Promise.resolve(CLIENTS[id] ?? null),
    verifySecret: (found: Client | null, secret: string) => {
      checks.push(secret);
      return Promise.resolve(found !== null && secret === SECRET);
    },
    refuseWithoutChecking: (secret: string) => {
      checks.push(secret);
      return Promise.resolve();
    },
  } as unknown as ClientsService;
  const lockout = new AccountLockout(
    { loginMaxFailures: 3 } as ThrottlingConfig,
    {
      isShared: false,
    } as SharedState,
  );
  return { auth: new ClientAuthentication(clients, lockout), checks };
}

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
const form = (fields: Record<string, string> = {}) => new OAuth2Form(fields);

async function refusal(promise: Promise<unknown>): Promise<OAuth2Error> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(OAuth2Error);
  return error as OAuth2Error;
}

describe('ClientAuthentication', () => {
  it('makes a request without credentials the built-in public client’s', async () => {
    const { auth, checks } = authentication();
    await expect(auth.authenticate(undefined, form())).resolves.toBe(FIRST_PARTY);
    // Another scheme is not client authentication; Swagger UI's empty Basic neither.
    await expect(auth.authenticate('Bearer abc', form())).resolves.toBe(FIRST_PARTY);
    await expect(auth.authenticate(basic(':'), form())).resolves.toBe(FIRST_PARTY);
    expect(checks).toEqual([]);
  });

  it('decodes Basic credentials as RFC 6749 §2.3.1 says (form-encoded, then base64)', async () => {
    const { auth } = authentication();
    const encoded = `${encodeURIComponent('with space')}:${encodeURIComponent(SECRET)}`;
    await expect(auth.authenticate(basic(encoded), form())).resolves.toBe(CLIENTS['with space']);
    const plus = `with+space:${encodeURIComponent(SECRET)}`;
    await expect(auth.authenticate(basic(plus), form())).resolves.toBe(CLIENTS['with space']);
  });

  it('accepts client_secret_post, and a public client naming itself', async () => {
    const { auth } = authentication();
    await expect(
      auth.authenticate(undefined, form({ client_id: 'service', client_secret: SECRET })),
    ).resolves.toBe(CLIENTS.service);
    await expect(auth.authenticate(undefined, form({ client_id: 'mobile' }))).resolves.toBe(
      CLIENTS.mobile,
    );
  });

  it('refuses two methods at once with invalid_request', async () => {
    const { auth } = authentication();
    const both = await refusal(
      auth.authenticate(
        basic(`service:${encodeURIComponent(SECRET)}`),
        form({ client_secret: 'x' }),
      ),
    );
    expect(both.body.error).toBe('invalid_request');
    const otherId = await refusal(
      auth.authenticate(
        basic(`service:${encodeURIComponent(SECRET)}`),
        form({ client_id: 'mobile' }),
      ),
    );
    expect(otherId.body.error).toBe('invalid_request');
    const secretOnly = await refusal(auth.authenticate(undefined, form({ client_secret: 'x' })));
    expect(secretOnly.body.error).toBe('invalid_request');
  });

  it.each([
    ['a wrong secret', `service:wrong`],
    ['an unknown client', `nobody:${encodeURIComponent(SECRET)}`],
    ['a public client with a secret', `mobile:${encodeURIComponent(SECRET)}`],
    ['a disabled client', `off:${encodeURIComponent(SECRET)}`],
    ['no colon', 'service'],
    ['an empty client id', ':secret'],
    ['bad percent-encoding', 'service:%E0%A4%A'],
  ])('refuses %s over Basic with 401 invalid_client and a Basic challenge', async (_, creds) => {
    const { auth } = authentication();
    const error = await refusal(auth.authenticate(basic(creds), form()));
    expect(error.getStatus()).toBe(401);
    expect(error.body.error).toBe('invalid_client');
    expect(error.headers['WWW-Authenticate']).toBe('Basic realm="scopegate"');
  });

  it('refuses a confidential client without its secret, and an unknown public one, unchallenged', async () => {
    const { auth } = authentication();
    for (const fields of [{ client_id: 'service' }, { client_id: 'nobody' }]) {
      const error = await refusal(auth.authenticate(undefined, form(fields)));
      expect(error.getStatus()).toBe(401);
      expect(error.headers['WWW-Authenticate']).toBeUndefined();
    }
  });

  it('checks a secret for an unknown client too, so the timing tells nothing', async () => {
    const { auth, checks } = authentication();
    await refusal(auth.authenticate(undefined, form({ client_id: 'nobody', client_secret: 'x' })));
    expect(checks).toEqual(['x']);
  });

  it('locks a client after repeated wrong secrets: even the right one then fails, after the same work', async () => {
    const { auth, checks } = authentication();
    const attempt = (secret: string) =>
      auth.authenticate(undefined, form({ client_id: 'service', client_secret: secret }));
    for (let i = 0; i < 3; i++) await refusal(attempt(`wrong-${i}`));
    const locked = await refusal(attempt(SECRET));
    expect(locked.body.error).toBe('invalid_client');
    expect(checks).toHaveLength(4);
    // Another client is not affected.
    await expect(
      auth.authenticate(undefined, form({ client_id: 'with space', client_secret: SECRET })),
    ).resolves.toBe(CLIENTS['with space']);
  });
});
