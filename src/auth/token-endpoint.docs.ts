import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { OAuth2ErrorDto } from '../core/errors/oauth2-error.dto';
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

/** The OpenAPI description of `POST /token`: an RFC 6749 form in, a token or an RFC error out. */
export const ApiPasswordGrant = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Issue an access token (OAuth2 password grant)',
      description:
        "Grants the requested scopes that the user may hold; the response's scope lists what was granted.",
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
        'invalid_request (missing or repeated field, not form-encoded), invalid_grant (wrong password, unknown or disabled user), invalid_scope, unsupported_grant_type',
      type: OAuth2ErrorDto,
      headers: NO_STORE_HEADERS,
    }),
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
        'Answers 200 with an empty body whether or not the token was known or valid. A revoked access token is refused from the next request on.',
    }),
    ApiConsumes('application/x-www-form-urlencoded'),
    ApiBody({ type: RevocationRequestDto }),
    ApiOkResponse({ description: 'Done (or nothing to do); no body', headers: NO_STORE_HEADERS }),
    ApiBadRequestResponse({
      description: 'invalid_request: not form-encoded, no token, or a parameter sent twice',
      type: OAuth2ErrorDto,
      headers: NO_STORE_HEADERS,
    }),
  );
