import type { Client } from '../../clients/client.entity';
import type { IdTokenHint } from '../common/id-tokens';

/** An RP-Initiated Logout request (OpenID Connect RP-Initiated Logout 1.0 §2), once checked. */
export interface LogoutRequest {
  /** The client's registered `post_logout_redirect_uri`, or null: the "signed out" page. */
  readonly redirectUri: string | null;
  /** Exactly as sent; returned only with a redirect. */
  readonly state: string | null;
  readonly clientId: string | null;
  /** The ID token hint's claims, when one was sent. */
  readonly hint: IdTokenHint | null;
}

const FIELDS = ['id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state'] as const;

/**
 * Checks the parameters of `/logout`: an `id_token_hint` must be one of Scopegate's ID tokens
 * (expired accepted), a `client_id` a known client (the hint's audience, when both are sent),
 * and a `post_logout_redirect_uri` one that client registered, exactly. Any failure is the
 * reason to show on a page (never a redirect).
 */
export async function checkLogoutRequest(
  params: Readonly<Record<string, unknown>>,
  findClient: (clientId: string) => Promise<Client | null>,
  readHint: (token: string) => IdTokenHint | null,
): Promise<LogoutRequest | { readonly problem: string }> {
  const values: Partial<Record<(typeof FIELDS)[number], string>> = {};
  for (const name of FIELDS) {
    const value = params[name];
    if (Array.isArray(value)) return { problem: `${name} was sent more than once.` };
    if (typeof value === 'string' && value !== '') values[name] = value;
  }
  let hint: IdTokenHint | null = null;
  if (values.id_token_hint !== undefined) {
    hint = readHint(values.id_token_hint);
    if (!hint) return { problem: 'The id_token_hint is not an ID token of this server.' };
  }
  if (values.client_id !== undefined && hint && hint.aud !== values.client_id) {
    return { problem: 'The id_token_hint was issued to another application than client_id.' };
  }
  const clientId = values.client_id ?? hint?.aud ?? null;
  const redirectUri = values.post_logout_redirect_uri ?? null;
  if (clientId !== null || redirectUri !== null) {
    const client = clientId === null ? null : await findClient(clientId);
    if (clientId !== null && !client) return { problem: 'The application (client_id) is unknown.' };
    if (redirectUri !== null && !client?.postLogoutRedirectUris.includes(redirectUri)) {
      return {
        problem:
          'The address to return to (post_logout_redirect_uri) is not registered for this application.',
      };
    }
  }
  return { redirectUri, state: values.state ?? null, clientId, hint };
}

/** Where the browser goes after signing out: the client's URI with `state`, if there is one. */
export function afterLogout(request: LogoutRequest): string | null {
  if (request.redirectUri === null) return null;
  if (request.state === null) return request.redirectUri;
  const query = new URLSearchParams({ state: request.state }).toString();
  return `${request.redirectUri}${request.redirectUri.includes('?') ? '&' : '?'}${query}`;
}
