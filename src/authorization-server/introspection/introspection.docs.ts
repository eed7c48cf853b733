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
import { IntrospectionRequestDto, IntrospectionResponseDto } from './dto/introspection.dto';

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
