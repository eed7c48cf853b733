import type { HttpResult, TestApp } from './app';

/** The demo confidential client (docs/http-contract.md, Clients). */
export const DEMO_SERVICE = { id: 'demo-service', secret: 'demo-service-secret' };

/** `Authorization: Basic …` for client credentials (RFC 6749 §2.3.1: form-encoded, then base64). */
export function basic(clientId: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

/** POST to an OAuth2 form endpoint, with optional HTTP Basic client credentials. */
export function postForm(
  app: TestApp,
  path: '/token' | '/revoke' | '/introspect',
  form: Record<string, string>,
  authorization?: string,
): Promise<HttpResult> {
  return app.request('POST', path, {
    form,
    headers: authorization ? { authorization } : {},
  });
}

/** A password-grant login of the demo user through the first-party client: both tokens. */
export async function login(
  app: TestApp,
  scope = 'me items',
  user = { username: 'johndoe', password: 'secret' },
): Promise<{ access: string; refresh: string }> {
  const result = await postForm(app, '/token', { grant_type: 'password', ...user, scope });
  if (result.status !== 200) throw new Error(`login failed: ${result.status} ${result.text}`);
  return { access: result.body.access_token, refresh: result.body.refresh_token };
}

/** Creates a client as the administrator; returns its secret (null for a public client). */
export async function createClient(
  app: TestApp,
  adminToken: string,
  client: Record<string, unknown>,
): Promise<string | null> {
  const result = await app.request('POST', '/clients', { token: adminToken, json: client });
  if (result.status !== 201)
    throw new Error(`client creation failed: ${result.status} ${result.text}`);
  return result.body.clientSecret;
}
