/**
 * The parts of an OpenAPI 3 document the wiring reads and writes. `@nestjs/swagger`'s
 * `OpenAPIObject` fits them; the package needs no import of it.
 */
export interface OpenApiOperation {
  operationId?: string;
  description?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
}

export const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
] as const;

export type OpenApiPathItem = Partial<Record<(typeof HTTP_METHODS)[number], OpenApiOperation>>;

export interface OpenApiDocument {
  paths: Record<string, OpenApiPathItem>;
  components?: {
    schemas?: Record<string, unknown>;
    securitySchemes?: Record<string, unknown>;
  };
}

/** An OAuth2 flow of a security scheme (OpenAPI 3.0 `OAuthFlowObject`). */
export interface OAuthFlow {
  authorizationUrl?: string;
  tokenUrl?: string;
  scopes: Record<string, string>;
}

/** An OAuth2 security scheme (OpenAPI 3.0 `SecuritySchemeObject`). */
export interface OAuth2SecurityScheme {
  type: 'oauth2';
  description?: string;
  flows: {
    authorizationCode?: OAuthFlow;
    password?: OAuthFlow;
    clientCredentials?: OAuthFlow;
  };
}
