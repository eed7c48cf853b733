import { HttpStatus } from '@nestjs/common';
import type { ClientError } from '../../core/client-errors.decorator';
import { OAuth2Error } from '../../core/errors/oauth2-error';

const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/** Is this `Content-Type` a form's (`application/x-www-form-urlencoded`, any parameters)? */
export function isFormContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && FORM_CONTENT_TYPE.test(contentType);
}

/**
 * The parameters of an OAuth2 form endpoint (`/token`, `/revoke`, `/introspect`): the body must
 * be `application/x-www-form-urlencoded` (RFC 6749 §3.2), else `invalid_request`. Parameters in
 * the query string are refused, not ignored: passwords, secrets and tokens in a URL end up in
 * logs and histories (RFC 6749 §2.3.1, §3.2).
 */
export function oauth2Form(
  contentType: string | undefined,
  body: unknown,
  query?: unknown,
): OAuth2Form {
  if (isRecord(query) && Object.keys(query).length > 0) {
    throw OAuth2Error.invalidRequest(
      'Parameters must be sent in the form-encoded body, never in the URL',
    );
  }
  if (!isFormContentType(contentType) || !isRecord(body)) {
    throw OAuth2Error.invalidRequest('The request body must be application/x-www-form-urlencoded');
  }
  return new OAuth2Form(body);
}

/**
 * RFC 6749 §5.2: a request to a form endpoint that the HTTP layer could not even read (wrong media type,
 * malformed or oversized body) is `invalid_request`; a body too large keeps its 413.
 */
export function formRequestError(error: ClientError): OAuth2Error {
  if (error.status === (HttpStatus.PAYLOAD_TOO_LARGE as number)) {
    return OAuth2Error.invalidRequest(error.message, HttpStatus.PAYLOAD_TOO_LARGE);
  }
  return OAuth2Error.invalidRequest(
    'The request body must be application/x-www-form-urlencoded (RFC 6749 §4.3.2)',
  );
}

/** A parsed form whose parameters may be sent at most once each (RFC 6749 §3.1). */
export class OAuth2Form {
  constructor(private readonly fields: Record<string, unknown>) {}

  /** The parameter's value, or undefined when it is absent. */
  optional(name: string): string | undefined {
    const value = this.fields[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      throw OAuth2Error.invalidRequest(`Parameter ${name} must be sent exactly once`);
    }
    return value;
  }

  /** The parameter's value; absent or empty is `invalid_request`. */
  required(name: string): string {
    const value = this.optional(name);
    if (!value) throw OAuth2Error.invalidRequest(`Missing parameter: ${name}`);
    return value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
