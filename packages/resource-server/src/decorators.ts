import { SetMetadata } from '@nestjs/common';

export const SCOPES_KEY = 'scopegate:scopes';
export const IS_PUBLIC_KEY = 'scopegate:isPublic';
export const FORM_BEARER_TOKEN_KEY = 'scopegate:formBearerToken';
export const INTROSPECT_KEY = 'scopegate:introspect';

/**
 * Requires every listed scope (AND). Usable on a controller class and on a handler: the
 * route's requirement is the union of both. Applying it more than once to the same target
 * (directly or through composite decorators) adds to the list rather than replacing it.
 */
export function Scopes(...scopes: string[]): ClassDecorator & MethodDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder: object = descriptor ? (descriptor.value as object) : target;
    const existing = (Reflect.getMetadata(SCOPES_KEY, holder) as string[] | undefined) ?? [];
    Reflect.defineMetadata(SCOPES_KEY, [...new Set([...existing, ...scopes])], holder);
  };
}

/** Marks a route (or a whole controller) as reachable without an access token. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * The route also takes its access token as `access_token` in a form-encoded body (RFC 6750
 * §2.2), for clients that cannot set a header (OIDC's `POST /userinfo`). Never both at once.
 */
export const FormBearerToken = () => SetMetadata(FORM_BEARER_TOKEN_KEY, true);

/**
 * The route (or every route of the controller) also asks Scopegate's `POST /introspect` whether
 * the token is still active, so a token revoked at Scopegate is refused at once rather than
 * when it expires; the answer is reused for a few seconds. For the routes where that matters.
 */
export const Introspect = () => SetMetadata(INTROSPECT_KEY, true);
