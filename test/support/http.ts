/** What a suite sees of an HTTP answer. */
export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * The one HTTP client of the suites: a bearer token, a JSON or form body, the answer parsed as
 * JSON when it is. Every status is recorded in `statuses`, so a suite can assert none was a 5xx.
 */
export async function httpRequest<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions,
  statuses: number[],
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.body;
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.json);
  }
  if (options.form !== undefined) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(baseUrl + path, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  statuses.push(response.status);
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/** Anything that sends requests the suites' way: an in-process app or a built server. */
export interface Requester {
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<HttpResult<T>>;
}

/** A password grant through the first-party client: the whole answer. */
export function passwordGrant(
  target: Requester,
  username: string,
  password: string,
  scope?: string,
): Promise<HttpResult> {
  const form: Record<string, string> = { grant_type: 'password', username, password };
  if (scope !== undefined) form.scope = scope;
  return target.request('POST', '/token', { form });
}

/** A password grant's access token; throws if the grant fails. */
export async function accessTokenFor(
  target: Requester,
  username: string,
  password: string,
  scope?: string,
): Promise<string> {
  const result = await passwordGrant(target, username, password, scope);
  if (result.status !== 200 || !result.body?.access_token) {
    throw new Error(`token request for ${username} failed: ${result.status} ${result.text}`);
  }
  return result.body.access_token as string;
}
