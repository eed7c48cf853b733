import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { OAuth2ErrorDto } from '../../core/errors/oauth2-error.dto';
import { CLIENT_AUTHENTICATION, NO_STORE_HEADERS } from '../common/form-endpoint.docs';
import { RevocationRequestDto } from './dto/revocation-request.dto';

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
