import { OAuth2ErrorDto } from '../../core/errors/oauth2-error.dto';

/** The headers of every answer of a form endpoint. */
export const NO_STORE_HEADERS = {
  'Cache-Control': {
    description: 'Always no-store',
    schema: { type: 'string', example: 'no-store' },
  },
  Pragma: { description: 'Always no-cache', schema: { type: 'string', example: 'no-cache' } },
};

/** The 401 of a form endpoint whose client failed to authenticate. */
export const CLIENT_AUTHENTICATION = {
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
