import type { HttpResult, TestApp } from './app';
import { passwordGrant } from './http';

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

/** A password-grant login (the demo user's by default) through the first-party client: both tokens. */
export async function login(
  app: TestApp,
  scope = 'me items',
  user = { username: 'johndoe', password: 'secret' },
): Promise<{ access: string; refresh: string }> {
  const result = await passwordGrant(app, user.username, user.password, scope);
  if (result.status !== 200) throw new Error(`login failed: ${result.status} ${result.text}`);
  return { access: result.body.access_token, refresh: result.body.refresh_token };
}
