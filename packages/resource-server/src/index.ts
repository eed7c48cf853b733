// The public API of @scopegate/resource-server: import from the package name only.

// Decorators
export {
  Scopes,
  Public,
  FormBearerToken,
  Introspect,
  SCOPES_KEY,
  IS_PUBLIC_KEY,
} from './decorators';
export {
  CurrentPrincipal,
  principalOf,
  type AccessTokenPrincipal,
  type GuardedRequest,
  type ScopedPrincipal,
} from './principal';

// Scopes: the catalog, route requirements, the scope guard
export type { ScopeDefinition } from './scope-definition';
export { isScopeToken } from './scope-definition';
export { ScopeCatalog, ScopeCatalogError, type ScopeDeclaration } from './scope-catalog';
export { ScopeRequirements, type RouteRequirement } from './scope-requirements';
export { ScopedRoutes, type ScopedRoute } from './scoped-routes';
export { ScopesGuard } from './scopes.guard';

// Bearer tokens: reading, verifying (RFC 9068), the authentication guard, the errors
export {
  bearerCredentialsOf,
  formCredentialsOf,
  MAX_AUTHORIZATION_LENGTH,
  type BearerCredentials,
} from './bearer-token';
export {
  AccessTokenVerifier,
  ASYMMETRIC_ALGORITHMS,
  type ClaimChecks,
  type KeySource,
  type VerificationKey,
  type VerifiedToken,
} from './access-token-verifier';
export { VerifiedTokenCache } from './verified-token-cache';
export { BearerStrategy, BEARER_STRATEGY } from './bearer.strategy';
export { AccessTokenGuard, PRINCIPAL_RESOLVER, type PrincipalResolver } from './access-token.guard';
export {
  BEARER_REALM,
  BearerError,
  ErrorResponse,
  IssuerUnavailableError,
  ProtocolError,
  type ProtocolErrorBody,
} from './errors';
export { ResourceServerErrorFilter } from './error.filter';

// A service of Scopegate's
export { ResourceServerModule } from './remote/resource-server.module';
export {
  RESOURCE_SERVER_OPTIONS,
  type ResourceServerOptions,
} from './remote/resource-server.options';
export { IssuerConnection, type IssuerMetadata } from './remote/issuer-connection';
export { IntrospectionGuard } from './remote/introspection.guard';

// OpenAPI (with @nestjs/swagger, which the package does not import)
export {
  applyScopeSecurity,
  BEARER_ERROR_SCHEMA,
  OpenApiDocumentError,
  operationIdOf,
  scopeDescriptions,
} from './openapi/scope-security';
export {
  applyScopegateOpenApi,
  SCOPEGATE_SCHEME,
  scopegateSwaggerUiOptions,
} from './openapi/service-openapi';
export type {
  OAuth2SecurityScheme,
  OAuthFlow,
  OpenApiDocument,
  OpenApiOperation,
} from './openapi/openapi-types';
