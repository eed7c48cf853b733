import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { OAuth2ErrorDto } from '../core/errors/oauth2-error.dto';
import { IntrospectionRequestDto, IntrospectionResponseDto } from './dto/introspection.dto';
import { RevocationRequestDto } from './dto/revocation-request.dto';
import { TokenRequestDto } from './dto/token-request.dto';
import { TokenResponseDto } from './dto/token-response.dto';

const NO_STORE_HEADERS = {
  'Cache-Control': {
    description: 'Always no-store',
    schema: { type: 'string', example: 'no-store' },
  },
  Pragma: { description: 'Always no-cache', schema: { type: 'string', example: 'no-cache' } },
};

const CLIENT_AUTHENTICATION = {
  description:
    'invalid_client: unknown client, wrong secret, disabled client, or a confidential client without credentials (with WWW-Authenticate: Basic when HTTP Basic was tried)',
  type: OAuth2ErrorDto,
  headers: {
    ...NO_STORE_HEADERS,
    'WWW-Authenticate': {
      description: 'When HTTP Basic was tried',
      schema: { type: 'string', example: 'Basic realm="scopegate"' },
    },
  },
};

/** The OpenAPI description of `POST /token`: an RFC 6749 form in, a token or an RFC error out. */
export const ApiTokenEndpoint = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Issue tokens (OAuth2 password, client_credentials and refresh_token grants)',
      description:
        "Grants the requested scopes that the user and the client may hold; the response's scope lists what was granted. The client authenticates with HTTP Basic or client_id/client_secret in the form; a request naming no client is made by the built-in public client first-party.",
    }),
    ApiConsumes('application/x-www-form-urlencoded'),
    ApiBody({ type: TokenRequestDto }),
    ApiOkResponse({
      description: 'The access token',
      type: TokenResponseDto,
      headers: NO_STORE_HEADERS,
    }),
    ApiBadRequestResponse({
      description:
        'invalid_request (missing or repeated field, not form-encoded, two client authentication methods), invalid_grant (wrong password, unknown or disabled user; refresh token invalid, expired, revoked, reused or another client’s), invalid_scope, unauthorized_client (grant not allowed for the client), unsupported_grant_type',
      type: OAuth2ErrorDto,
      headers: NO_STORE_HEADERS,
    }),
    ApiUnauthorizedResponse(CLIENT_AUTHENTICATION),
    ApiTooManyRequestsResponse({
      description:
        'Too many attempts from this address (error "slow_down"); retry after Retry-After seconds',
      type: OAuth2ErrorDto,
      headers: {
        ...NO_STORE_HEADERS,
        'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', example: 30 } },
      },
    }),
    ApiServiceUnavailableResponse({
      description:
        'temporarily_unavailable: too many password checks are already queued; retry after Retry-After seconds',
      type: OAuth2ErrorDto,
      headers: {
        ...NO_STORE_HEADERS,
        'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', example: 1 } },
      },
    }),
  );

/** The OpenAPI description of `POST /revoke` (RFC 7009). */
export const ApiRevocation = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Revoke a token (RFC 7009)',
      description:
        'Answers 200 with an empty body whether or not the token was known, valid or the caller’s (another client’s token is left alone). A revoked refresh token ends its session and the access tokens issued from it; a revoked access token is refused from the next request on.',
    }),
    ApiConsumes('application/x-www-form-urlencoded'),
    ApiBody({ type: RevocationRequestDto }),
    ApiOkResponse({ description: 'Done (or nothing to do); no body', headers: NO_STORE_HEADERS }),
    ApiBadRequestResponse({
      description:
        'invalid_request: not form-encoded, no token, a parameter sent twice, or two client authentication methods',
      type: OAuth2ErrorDto,
      headers: NO_STORE_HEADERS,
    }),
    ApiUnauthorizedResponse(CLIENT_AUTHENTICATION),
  );

/** The OpenAPI description of `POST /introspect` (RFC 7662). */
export const ApiIntrospection = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Introspect a token (RFC 7662)',
      description:
        'For confidential clients allowed to introspect. An active token is described; anything else (expired, revoked, forged, unknown, its user disabled) is exactly {"active":false}.',
    }),
    ApiConsumes('application/x-www-form-urlencoded'),
    ApiBody({ type: IntrospectionRequestDto }),
    ApiOkResponse({
      description: 'What the token is, or {"active":false}',
      type: IntrospectionResponseDto,
      headers: NO_STORE_HEADERS,
    }),
    ApiBadRequestResponse({
      description:
        'invalid_request: not form-encoded, no token, a parameter sent twice, or two client authentication methods',
      type: OAuth2ErrorDto,
      headers: NO_STORE_HEADERS,
    }),
    ApiUnauthorizedResponse({
      ...CLIENT_AUTHENTICATION,
      description: `${CLIENT_AUTHENTICATION.description}, or a client that may not introspect`,
    }),
  );
