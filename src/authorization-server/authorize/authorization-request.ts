import { isScopeToken, type ScopeCatalog } from '@scopegate/resource-server';
import type { Client } from '../../clients/client.entity';
import { matchesRedirectUri, redirectUriProblem } from '../../clients/redirect-uri';
import { OPENID_SCOPE } from '../common/openid.scopes';
import { PROMPT_VALUES } from '../common/prompt';
import type { AuthorizationErrorCode } from '../common/authorization-flow';
import type { ValidatedAuthorizationRequest } from '../common/authorization-requests';

/** `code_challenge` / `code_verifier`: 43-128 characters of RFC 7636's unreserved set. */
export const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;

/** Longest `state` accepted (it comes back in a URL). */
const MAX_STATE_LENGTH = 2048;

/** Longest `nonce` accepted (it comes back in the ID token). */
const MAX_NONCE_LENGTH = 512;

/** Longest `login_hint` kept (it pre-fills the username). */
const MAX_LOGIN_HINT_LENGTH = 256;

/** `prompt` values accepted beyond those acted on: one account per browser, it is the one. */
const ACCEPTED_PROMPTS: readonly string[] = [...PROMPT_VALUES, 'select_account'];

/** The parameters of `/authorize`, as Fastify parsed them (a repeated one is an array). */
export type AuthorizationParameters = Readonly<Record<string, unknown>>;

/** Why `/authorize` cannot go on, and where that is said. */
export type AuthorizationRefusal =
  /** Before the client and its redirect URI are known good: a 400 page, never a redirect. */
  | { readonly kind: 'page'; readonly detail: string }
  /** After: back to the client's redirect URI. */
  | {
      readonly kind: 'redirect';
      readonly redirectUri: string;
      readonly state: string | null;
      readonly failure: AuthorizationErrorCode;
    };

/**
 * Reads the parameters of `/authorize`: a value sent once, an empty one as absent (RFC 6749
 * §3.1), a repeated one as an error of its own.
 */
class Parameters {
  constructor(private readonly params: AuthorizationParameters) {}

  repeated(name: string): boolean {
    return Array.isArray(this.params[name]);
  }

  /** The value; undefined when absent or empty (and for a repeated one: check that first). */
  get(name: string): string | undefined {
    const value = this.params[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  names(): string[] {
    return Object.keys(this.params);
  }
}

/** Finds the client by `client_id` (the caller looks it up: the check itself is pure). */
export type ClientLookup = (clientId: string) => Promise<Client | null>;

/**
 * Checks an authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3) in the order of the
 * contract (docs/http-contract.md, Authorization endpoint): first the client and the redirect
 * URI, whose failures are pages, then everything else, whose failures go back to the client.
 */
export async function checkAuthorizationRequest(
  raw: AuthorizationParameters,
  findClient: ClientLookup,
  catalog: ScopeCatalog,
): Promise<{ validated: ValidatedAuthorizationRequest; client: Client } | AuthorizationRefusal> {
  const params = new Parameters(raw);
  if (params.repeated('client_id')) return page('client_id was sent more than once.');
  const clientId = params.get('client_id');
  if (!clientId) return page('The request names no application (client_id is missing).');
  const client = await findClient(clientId);
  if (!client || client.disabled) return page('The application (client_id) is unknown.');

  if (params.repeated('redirect_uri')) return page('redirect_uri was sent more than once.');
  const sent = params.get('redirect_uri');
  let redirectUri: string;
  if (sent === undefined) {
    if (client.redirectUris.length !== 1) {
      return page('The request must say where to return (redirect_uri is missing).');
    }
    redirectUri = client.redirectUris[0]!;
  } else {
    if (redirectUriProblem(sent) !== null) {
      return page('The return address (redirect_uri) is malformed.');
    }
    if (!client.redirectUris.some((registered) => matchesRedirectUri(registered, sent))) {
      return page('The return address (redirect_uri) is not registered for this application.');
    }
    redirectUri = sent;
  }

  const state = params.repeated('state') ? null : (params.get('state') ?? null);
  const refuse = (error: string, description: string): AuthorizationRefusal => ({
    kind: 'redirect',
    redirectUri,
    state,
    failure: { error, description },
  });
  const repeated = params.names().filter((name) => params.repeated(name));
  if (repeated.length > 0) {
    return refuse('invalid_request', `Parameter sent more than once: ${repeated.join(', ')}`);
  }
  if (state !== null && state.length > MAX_STATE_LENGTH) {
    return refuse('invalid_request', `state is longer than ${MAX_STATE_LENGTH} characters`);
  }
  // OIDC Core §6: request objects are not supported, and said so.
  if (params.get('request') !== undefined) {
    return refuse('request_not_supported', 'Request objects (request) are not supported');
  }
  if (params.get('request_uri') !== undefined) {
    return refuse('request_uri_not_supported', 'request_uri is not supported');
  }
  const responseType = params.get('response_type');
  if (!responseType) return refuse('invalid_request', 'Missing parameter: response_type');
  if (responseType !== 'code') {
    return refuse('unsupported_response_type', 'Only response_type=code is supported');
  }
  if (!client.grantTypes.includes('authorization_code')) {
    return refuse('unauthorized_client', 'The client may not use the authorization code flow');
  }
  const challenge = params.get('code_challenge');
  if (!challenge) return refuse('invalid_request', 'PKCE is required: code_challenge is missing');
  if (!PKCE_VALUE.test(challenge)) {
    return refuse(
      'invalid_request',
      'code_challenge must be 43-128 characters of A-Z a-z 0-9 . _ ~ -',
    );
  }
  const method = params.get('code_challenge_method');
  if (method !== 'S256') {
    return refuse(
      'invalid_request',
      method === undefined
        ? 'code_challenge_method is required and must be S256'
        : 'code_challenge_method must be S256 (plain is not accepted)',
    );
  }
  const prompt = (params.get('prompt') ?? '').split(' ').filter(Boolean);
  const unknownPrompt = prompt.find((value) => !ACCEPTED_PROMPTS.includes(value));
  if (unknownPrompt !== undefined) {
    return refuse('invalid_request', `Unknown prompt value: ${unknownPrompt.slice(0, 32)}`);
  }
  if (prompt.includes('none') && prompt.length > 1) {
    return refuse('invalid_request', 'prompt=none cannot be combined with another value');
  }
  const maxAgeText = params.get('max_age');
  if (maxAgeText !== undefined && !/^\d{1,9}$/.test(maxAgeText)) {
    return refuse('invalid_request', 'max_age must be a whole number of seconds');
  }
  const scopeProblem = checkScope(params.get('scope'), client, catalog);
  if (typeof scopeProblem === 'string') return refuse('invalid_scope', scopeProblem);
  const nonce = params.get('nonce') ?? null;
  if (nonce !== null && (nonce.length > MAX_NONCE_LENGTH || /\p{Cc}/u.test(nonce))) {
    return refuse(
      'invalid_request',
      `nonce must be at most ${MAX_NONCE_LENGTH} characters, none of them a control character`,
    );
  }
  if (scopeProblem.scopes.includes(OPENID_SCOPE) && sent === undefined) {
    return refuse('invalid_request', 'An OpenID Connect request (scope openid) needs redirect_uri');
  }
  const loginHint = params.get('login_hint')?.slice(0, MAX_LOGIN_HINT_LENGTH) ?? null;

  return {
    client,
    validated: {
      clientId: client.clientId,
      redirectUri,
      redirectUriSent: sent !== undefined,
      scope: scopeProblem.scopes,
      state,
      codeChallenge: challenge,
      prompt: [...new Set(prompt)],
      maxAge: maxAgeText === undefined ? null : Number(maxAgeText),
      nonce,
      loginHint,
    },
  };
}

/** The requested scopes, or why they are refused (unknown, malformed, not the client's). */
function checkScope(
  scope: string | undefined,
  client: Client,
  catalog: ScopeCatalog,
): { scopes: string[] } | string {
  const scopes = [...new Set((scope ?? '').split(' ').filter(Boolean))];
  const allowed = catalog.expandForUser(client.scopes);
  for (const name of scopes) {
    if (!isScopeToken(name)) return `Malformed scope ${JSON.stringify(name.slice(0, 64))}`;
    if (!catalog.has(name)) return `Unknown scope "${name.slice(0, 64)}"`;
    if (!allowed.has(name)) return `The client may not be granted "${name}"`;
  }
  return { scopes };
}

function page(detail: string): AuthorizationRefusal {
  return { kind: 'page', detail };
}
