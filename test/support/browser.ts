import { createHash, randomBytes } from 'node:crypto';

/** One answer as a browser sees it (redirects are not followed: the suites look at them). */
export interface BrowserPage {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The `Location` of a redirect, absolute. */
  readonly location: string | null;
  /** The values of the page's form fields, by name (hidden ones included). */
  readonly fields: Readonly<Record<string, string>>;
}

/** A PKCE pair (RFC 7636): the verifier kept by the client, the S256 challenge sent. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const INPUT = /<input\b[^>]*>/g;
const ATTRIBUTE = (name: string) => new RegExp(`\\b${name}="([^"]*)"`);

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * A browser over plain HTTP, for the suites: a cookie jar (name → value, as the server set
 * them), form posts with the page's `Origin`, and redirects handed back instead of followed.
 * Every status goes into `statuses`, so a suite can assert that none was a 5xx.
 */
export class Browser {
  readonly cookies: Map<string, string>;
  private readonly origin: string;

  /**
   * `options.origin`: the `Origin` its forms send (default: the server's own, which is the
   * issuer's unless a balancer stands in front); `options.cookies`: another browser's jar, to
   * be the same browser talking to another instance.
   */
  constructor(
    readonly baseUrl: string,
    private readonly statuses: number[] = [],
    options: { origin?: string; cookies?: Map<string, string> } = {},
  ) {
    this.origin = options.origin ?? new URL(baseUrl).origin;
    this.cookies = options.cookies ?? new Map();
  }

  get(pathOrUrl: string, headers: Record<string, string> = {}): Promise<BrowserPage> {
    return this.send('GET', pathOrUrl, undefined, headers);
  }

  /** A form POST as the page's own form sends it (`Origin` = the server's, unless given). */
  post(
    pathOrUrl: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<BrowserPage> {
    return this.send('POST', pathOrUrl, new URLSearchParams(form).toString(), {
      origin: this.origin,
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    });
  }

  /** `GET /authorize` with these parameters (a value of `undefined` is left out). */
  authorize(params: Record<string, string | undefined>): Promise<BrowserPage> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined) query.append(name, value);
    }
    return this.get(`/authorize?${query.toString()}`);
  }

  /** Fills in and submits the login form of `page` (a login page). */
  signIn(
    page: BrowserPage,
    username: string,
    password: string,
    extra: Record<string, string> = {},
    headers: Record<string, string> = {},
  ): Promise<BrowserPage> {
    return this.post(
      '/login',
      {
        request_id: page.fields.request_id,
        csrf_token: page.fields.csrf_token,
        username,
        password,
        action: 'login',
        ...extra,
      },
      headers,
    );
  }

  /** Answers the consent form of `page` (a consent page). */
  consent(page: BrowserPage, decision: 'allow' | 'deny'): Promise<BrowserPage> {
    return this.post('/consent', {
      request_id: page.fields.request_id,
      csrf_token: page.fields.csrf_token,
      decision,
    });
  }

  private async send(
    method: string,
    pathOrUrl: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<BrowserPage> {
    // A URL of the issuer (a balancer's) goes to this browser's instance.
    const given = new URL(pathOrUrl, this.baseUrl);
    const url = new URL(given.pathname + given.search, this.baseUrl);
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...headers },
      signal: AbortSignal.timeout(15_000),
    });
    this.statuses.push(response.status);
    for (const line of response.headers.getSetCookie()) this.remember(line);
    const text = await response.text();
    const location = response.headers.get('location');
    const fields: Record<string, string> = {};
    for (const input of text.match(INPUT) ?? []) {
      const name = ATTRIBUTE('name').exec(input)?.[1];
      const value = ATTRIBUTE('value').exec(input)?.[1];
      if (name !== undefined && value !== undefined) fields[name] = unescapeHtml(value);
    }
    return {
      status: response.status,
      headers: response.headers,
      text,
      location: location === null ? null : new URL(location, url).toString(),
      fields,
    };
  }

  private remember(setCookie: string): void {
    const [pair, ...attributes] = setCookie.split(';');
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** The query parameters of a redirect to a client (its `code`, `state`, `iss` or `error`). */
export function callbackParams(location: string | null): Record<string, string> {
  if (location === null) throw new Error('no redirect');
  return Object.fromEntries(new URL(location).searchParams);
}
