import { SetMetadata } from '@nestjs/common';

export const FORM_BEARER_TOKEN = 'scopegate:formBearerToken';

/**
 * The route also takes its access token as `access_token` in a form-encoded body (RFC 6750
 * §2.2), for clients that cannot set a header: OIDC's `POST /userinfo`. Never both at once.
 */
export const FormBearerToken = () => SetMetadata(FORM_BEARER_TOKEN, true);
