import { Inject, Injectable } from '@nestjs/common';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { sameInConstantTime, sha256Hex } from '../../credentials/secret-digest';
import { tokensConfig, type TokensConfig } from '../../config/tokens.config';
import { PageError } from './page-error';

/**
 * The cookies of Scopegate's pages and the checks of their forms. Two cookies, both
 * `HttpOnly; SameSite=Lax; Path=/`, and `Secure` with the `__Host-` prefix whenever the issuer
 * is `https://` (no other site or subdomain can then set them): the browser session, and a
 * binding that ties an authorization request to the browser that started it (a form posted
 * from another browser, or after the cookie was lost, is refused). Read and written with
 * `cookie` (jshttp's), on these pages only: an API request never pays for cookie parsing.
 */
@Injectable()
export class BrowserCookies {
  readonly sessionName: string;
  readonly bindingName: string;
  private readonly secure: boolean;
  private readonly origin: string;

  constructor(@Inject(tokensConfig.KEY) tokens: TokensConfig) {
    const issuer = new URL(tokens.issuer);
    this.secure = issuer.protocol === 'https:';
    const prefix = this.secure ? '__Host-' : '';
    this.sessionName = `${prefix}scopegate-session`;
    this.bindingName = `${prefix}scopegate-binding`;
    this.origin = issuer.origin;
  }

  /** The browser session cookie's value, if the browser sent one. */
  sessionOf(request: FastifyRequest): string | undefined {
    return cookiesOf(request)[this.sessionName];
  }

  /** Sets the session cookie: for the browser's life, or `maxAgeSeconds` with "remember". */
  setSession(reply: FastifyReply, value: string, maxAgeSeconds?: number): void {
    this.set(reply, this.sessionName, value, maxAgeSeconds);
  }

  clearSession(reply: FastifyReply): void {
    this.set(reply, this.sessionName, '', 0);
  }

  /** The SHA-256 of this browser's binding cookie, set now if it has none. */
  bindingOf(request: FastifyRequest, reply: FastifyReply): string {
    let value = cookiesOf(request)[this.bindingName];
    if (!value || value.length > 128) {
      value = randomBytes(32).toString('base64url');
      this.set(reply, this.bindingName, value);
    }
    return sha256Hex(value);
  }

  /**
   * Refuses (403 page) a form POST that did not come from this origin's page in this browser:
   * an `Origin` other than the issuer's (`null` included; a client sending none, like curl,
   * is judged by the rest), no binding cookie or another browser's (when `bindingHash` is
   * given), or a CSRF token other than the one the page carried.
   */
  checkForm(
    request: FastifyRequest,
    expected: { readonly csrfToken: string; readonly bindingHash?: string },
    csrfToken: unknown,
  ): void {
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== this.origin) {
      throw PageError.forbidden('The form was sent from another site.');
    }
    if (expected.bindingHash !== undefined) {
      const binding = cookiesOf(request)[this.bindingName];
      if (!binding || !sameInConstantTime(sha256Hex(binding), expected.bindingHash)) {
        throw PageError.forbidden(
          'The form was not sent by the browser that started this sign-in. Enable cookies and start again.',
        );
      }
    }
    if (typeof csrfToken !== 'string' || !sameInConstantTime(csrfToken, expected.csrfToken)) {
      throw PageError.forbidden('The form has expired or was not sent from this page.');
    }
  }

  /** Adds a `Set-Cookie` (Fastify keeps every one); no `maxAge`: ends with the browser. */
  private set(reply: FastifyReply, name: string, value: string, maxAgeSeconds?: number): void {
    void reply.header(
      'set-cookie',
      stringifySetCookie(name, value, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: this.secure,
        ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
      }),
    );
  }
}

/** The request's cookies (a malformed header gives what could be read). */
function cookiesOf(request: FastifyRequest): Record<string, string | undefined> {
  const header = request.headers.cookie;
  return header ? parseCookie(header) : {};
}
