import type { Requester } from './http';

/** What a test user is made of; the password defaults to `<username>-password`. */
export interface UserSpec {
  username: string;
  password?: string;
  scopes?: string[];
  email?: string;
  fullName?: string;
}

/**
 * Creates a user through the administration API, as an administrator would (`adminToken`
 * holds `users:write`); returns its id and password. Fails the test if it is refused.
 */
export async function createUser(
  target: Requester,
  adminToken: string,
  spec: UserSpec,
): Promise<{ id: string; username: string; password: string }> {
  const password = spec.password ?? `${spec.username}-password`;
  const created = await target.request('POST', '/users', {
    token: adminToken,
    json: { scopes: ['me'], ...spec, password },
  });
  if (created.status !== 201) {
    throw new Error(`user creation failed: ${created.status} ${created.text}`);
  }
  return { id: created.body.id as string, username: spec.username, password };
}

/**
 * Creates a client through the administration API (`adminToken` holds `clients:write`);
 * returns its secret, shown this once (null for a public client).
 */
export async function createClient(
  target: Requester,
  adminToken: string,
  client: Record<string, unknown>,
): Promise<string | null> {
  const result = await target.request('POST', '/clients', { token: adminToken, json: client });
  if (result.status !== 201) {
    throw new Error(`client creation failed: ${result.status} ${result.text}`);
  }
  return result.body.clientSecret as string | null;
}
