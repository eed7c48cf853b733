import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers that only old browsers or plugin content act on: not sent. */
const UNUSED_HEADERS = {
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  originAgentCluster: false,
} as const;

/** helmet's options for the API's JSON answers: what a browser needs to treat them safely. */
export const API_HELMET_OPTIONS: HelmetOptions = {
  // JSON is never rendered: nothing may load or frame it. Short, because it is on every answer.
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  ...UNUSED_HEADERS,
};

/**
 * helmet's options for Swagger UI at /docs: its scripts are files of our own origin ('self'),
 * but it styles itself with inline <style> and data: images; no upgrade-insecure-requests, so
 * /docs also works over plain http (development, TLS ended at a proxy).
 */
export const DOCS_HELMET_OPTIONS: HelmetOptions = {
  ...API_HELMET_OPTIONS,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
};

/**
 * The headers helmet sends for `options`, computed once. helmet decides the policy; applying it
 * is then one `reply.headers()` per response instead of helmet's middleware chain on every
 * request, a cost `npm run bench` can show by comparison. Only valid for
 * options that do not vary per request (no CSP nonces).
 */
export function helmetHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)(
    {} as IncomingMessage,
    response as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) throw error instanceof Error ? error : new Error('helmet refused its options');
    },
  );
  return Object.freeze(headers);
}

/**
 * helmet's options for Scopegate's own HTML pages (login, consent, errors): nothing from
 * another origin, no script at all, the one inline stylesheet by its hash; no framing
 * (`X-Frame-Options: DENY`, `frame-ancestors 'none'`); `Referrer-Policy: same-origin`, so a
 * form's POST carries the page's true `Origin` and nothing leaks to the client. No
 * `form-action`: Chrome and Safari apply it to the redirect after a POST, which would block
 * the 303 to the client's redirect URI. Cross-Origin-Opener-Policy as for /docs (same-origin),
 * so Swagger UI's login popup keeps `window.opener`.
 */
export function pageHelmetOptions(styleHash: string): HelmetOptions {
  return {
    ...UNUSED_HEADERS,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: [styleHash],
        imgSrc: ["'self'", 'data:'],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  };
}
