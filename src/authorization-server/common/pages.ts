import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { helmetHeaders, pageHelmetOptions } from '../../http/security-headers';
import { Html, html } from './html';

/**
 * The pages' only style, inline and allowed by its hash in the CSP: no file to serve, nothing
 * from another origin, and no `'unsafe-inline'`.
 */
const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; }
main { width: min(24rem, 92vw); padding: 2rem; border: 1px solid #8884; border-radius: 12px; }
h1 { font-size: 1.35rem; margin: 0 0 1rem; }
p.note { color: GrayText; font-size: .9rem; }
p.error { color: #c0392b; font-weight: 600; }
label { display: block; margin: .8rem 0 .3rem; }
input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: .55rem; font-size: 1rem; }
label.check { display: flex; gap: .5rem; align-items: center; }
ul.scopes { padding-left: 1.2rem; } ul.scopes code { font-weight: 600; }
.buttons { display: flex; flex-direction: row-reverse; gap: .75rem; margin-top: 1.4rem; }
button { flex: 1; padding: .6rem; font-size: 1rem; border-radius: 8px; border: 1px solid #8886; cursor: pointer; }
button.primary { background: #2b6cb0; color: #fff; border-color: #2b6cb0; }
`;

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/** The element, byte for byte what the hash covers (built once, outside any formatting). */
const STYLE_ELEMENT = new Html(`<style>${STYLE}</style>`);

/**
 * Every HTML page's headers (docs/security.md, Pages), computed once: no-store, no framing, a
 * CSP that loads nothing from elsewhere, runs no script and does not restrict `form-action`
 * (browsers would then block the 303 to the client), `Referrer-Policy: same-origin` and
 * Swagger UI's `Cross-Origin-Opener-Policy`.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...helmetHeaders(pageHelmetOptions(STYLE_HASH)),
  'cache-control': 'no-store',
  pragma: 'no-cache',
});

/** The paths that answer HTML pages: never CORS, always the pages' headers. */
export const PAGE_PATHS = ['/authorize', '/login', '/consent', '/logout'] as const;

/** Does this request URL (path and query) go to one of the pages? */
export function isPageUrl(url: string): boolean {
  const end = url.search(/[?#]/);
  const path = (end === -1 ? url : url.slice(0, end)).replace(/\/+$/, '');
  return (PAGE_PATHS as readonly string[]).includes(path);
}

/** Sends an HTML page with the pages' headers (and any others, such as `Retry-After`). */
export function sendPage(
  reply: FastifyReply,
  status: number,
  page: Html,
  headers: Readonly<Record<string, string>> = {},
): void {
  void reply
    .status(status)
    .headers({ ...PAGE_HEADERS, ...headers })
    .type('text/html; charset=utf-8')
    .send(page.markup);
}

/** Sends the browser on with a redirect (302 from GET /authorize, 303 after every POST). */
export function sendRedirect(reply: FastifyReply, status: 302 | 303, location: string): void {
  void reply.status(status).headers(PAGE_HEADERS).header('location', location).send();
}

function layout(title: string, body: Html): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <link rel="icon" href="data:," />
        <title>${title} · Scopegate</title>
        ${STYLE_ELEMENT}
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html> `;
}

/** The hidden fields of a step of an authorization request. */
function requestFields(requestId: string, csrfToken: string): Html {
  return html`<input type="hidden" name="request_id" value="${requestId}" />
    <input type="hidden" name="csrf_token" value="${csrfToken}" />`;
}

export interface LoginPageInput {
  readonly requestId: string;
  readonly csrfToken: string;
  readonly clientName: string;
  readonly username?: string;
  readonly failed?: boolean;
}

/**
 * The login page: username, password, "keep me signed in", sign in or cancel. Sign in comes
 * first in the form, so that Enter signs in; the style shows it on the right.
 */
export function loginPage(input: LoginPageInput): Html {
  return layout(
    'Sign in',
    html`<h1>Sign in</h1>
      <p class="note">to continue to <strong>${input.clientName}</strong></p>
      ${input.failed ? html`<p class="error" role="alert">Wrong username or password.</p>` : null}
      <form method="post" action="login">
        ${requestFields(input.requestId, input.csrfToken)}
        <label for="username">Username</label>
        <input
          type="text"
          id="username"
          name="username"
          value="${input.username ?? ''}"
          autocomplete="username"
          autocapitalize="none"
          spellcheck="false"
          maxlength="64"
          required
          autofocus
        />
        <label for="password">Password</label>
        <input
          type="password"
          id="password"
          name="password"
          autocomplete="current-password"
          maxlength="1024"
          required
        />
        <label class="check"
          ><input type="checkbox" name="remember" value="yes" /> Keep me signed in</label
        >
        <div class="buttons">
          <button type="submit" name="action" value="login" class="primary">Sign in</button>
          <button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
        </div>
      </form>`,
  );
}

export interface ConsentPageInput {
  readonly requestId: string;
  readonly csrfToken: string;
  readonly clientName: string;
  readonly username: string;
  readonly scopes: readonly { readonly name: string; readonly description: string }[];
}

/** The consent page: the client, each scope it asks for with its description, allow or deny. */
export function consentPage(input: ConsentPageInput): Html {
  const scopes = input.scopes.map(
    (scope) => html`<li><code>${scope.name}</code>: ${scope.description}</li>`,
  );
  return layout(
    'Allow access',
    html`<h1>Allow <strong>${input.clientName}</strong>?</h1>
      <p>Signed in as <strong>${input.username}</strong>. The application asks to:</p>
      ${
        scopes.length > 0
          ? html`<ul class="scopes">
              ${scopes}
            </ul>`
          : html`<p>know that you signed in (no other access).</p>`
      }
      <form method="post" action="consent">
        ${requestFields(input.requestId, input.csrfToken)}
        <div class="buttons">
          <button type="submit" name="decision" value="allow" class="primary">Allow</button>
          <button type="submit" name="decision" value="deny">Deny</button>
        </div>
      </form>
      <p class="note">
        You can withdraw this later: GET /users/me/grants, DELETE /users/me/grants/{clientId}.
      </p>`,
  );
}

/** A page that ends the flow: the request cannot go on, and nothing is sent to the client. */
export function errorPage(title: string, message: string): Html {
  return layout(
    title,
    html`<h1>${title}</h1>
      <p>${message}</p>`,
  );
}

/** What the sign-out form carries on, so that its POST can send the browser back. */
export interface LogoutFormFields {
  readonly clientId: string | null;
  readonly redirectUri: string | null;
  readonly state: string | null;
}

/** Sign out: the confirmation form while signed in, or the note that one is not. */
export function logoutPage(
  input: { readonly csrfToken: string; readonly request?: LogoutFormFields } | null,
): Html {
  if (!input) {
    return layout(
      'Signed out',
      html`<h1>Signed out</h1>
        <p>You are not signed in to Scopegate.</p>`,
    );
  }
  const { clientId, redirectUri, state } = input.request ?? {};
  return layout(
    'Sign out',
    html`<h1>Sign out of Scopegate?</h1>
      <form method="post" action="logout">
        <input type="hidden" name="csrf_token" value="${input.csrfToken}" />
        ${clientId ? html`<input type="hidden" name="client_id" value="${clientId}" />` : null}
        ${
          redirectUri
            ? html`<input type="hidden" name="post_logout_redirect_uri" value="${redirectUri}" />`
            : null
        }
        ${state ? html`<input type="hidden" name="state" value="${state}" />` : null}
        <div class="buttons"><button type="submit" class="primary">Sign out</button></div>
      </form>`,
  );
}
