import { ErrorResponse } from './error-response';

/** The body every OAuth2 (RFC 6749 §5.2) and bearer (RFC 6750 §3) error carries. */
export interface ProtocolErrorBody {
  error: string;
  error_description: string;
  /** On `insufficient_scope`: every scope the route requires, space-separated. */
  scope?: string;
}

/**
 * An HTTP error that belongs to the OAuth2 contract: a precise status, a JSON body of the
 * RFC's shape and the headers the RFC asks for.
 */
export class ProtocolError extends ErrorResponse<ProtocolErrorBody> {}
