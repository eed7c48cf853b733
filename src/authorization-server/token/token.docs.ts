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
import { OAuth2ErrorDto } from '../../core/errors/oauth2-error.dto';
import { CLIENT_AUTHENTICATION, NO_STORE_HEADERS } from '../common/form-endpoint.docs';
import { TokenRequestDto } from './dto/token-request.dto';
import { TokenResponseDto } from './dto/token-response.dto';

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
